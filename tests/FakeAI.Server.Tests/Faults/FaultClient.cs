using System.Diagnostics;
using System.Net;
using System.Text;

namespace FakeAI.Server.Tests.Faults;

/// <summary>Sends requests with an optional <c>X-FakeAI-Fault</c> header and keeps whatever arrived before a failure.</summary>
internal static class FaultClient
{
    public const string Chat = "/v1/chat/completions";

    public static string ChatBody(int maxTokens, bool stream, bool usage = false) =>
        $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"hello"}],"max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}}{{(usage ? ",\"stream_options\":{\"include_usage\":true}" : string.Empty)}}}""";

    public static HttpRequestMessage Request(string path, string body, string? fault)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = TestServers.Json(body) };
        if (fault is not null)
        {
            request.Headers.TryAddWithoutValidation("X-FakeAI-Fault", fault);
        }

        return request;
    }

    /// <summary>
    /// Reads a response to its end or its failure, noting when each SSE event's terminator arrived (seconds since the
    /// request was sent) and which exception ended the read, if any.
    /// </summary>
    public static async Task<Received> SendAsync(FakeAIServer server, string path, string body, string? fault, TimeSpan? timeout = null)
    {
        using var client = TestServers.Client(server);
        client.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        using var request = Request(path, body, fault);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Received(null, null, string.Empty, [], e, clock.Elapsed);
        }

        using (response)
        {
            var text = new StringBuilder();
            var arrivals = new List<double>();
            Exception? error = null;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    var events = text.ToString().Split("\n\n").Length - 1;
                    while (arrivals.Count < events)
                    {
                        arrivals.Add(clock.Elapsed.TotalSeconds);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                error = e;
            }

            return new Received(response.StatusCode, response.Headers, text.ToString(), arrivals, error, clock.Elapsed);
        }
    }

    internal sealed record Received(
        HttpStatusCode? Status,
        System.Net.Http.Headers.HttpResponseHeaders? Headers,
        string Body,
        IReadOnlyList<double> EventArrivals,
        Exception? Error,
        TimeSpan Elapsed)
    {
        /// <summary>The complete <c>data:</c> payloads (event terminator seen), without any <c>event:</c> line.</summary>
        public IReadOnlyList<string> DataEvents =>
            Body.Split("\n\n")[..^1].Select(e => e.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).ToArray();

        /// <summary>The complete events of a named-event stream (Responses, Messages) as (name, data).</summary>
        public IReadOnlyList<(string Name, System.Text.Json.JsonElement Data)> NamedEvents =>
            Body.Split("\n\n")[..^1].Select(e =>
            {
                var lines = e.Split('\n');
                return (lines[0]["event: ".Length..], System.Text.Json.JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone());
            }).ToArray();

        /// <summary>The content-delta chunks among <see cref="DataEvents"/>.</summary>
        public int ContentChunks => DataEvents.Count(e => e.Contains("\"content\":\"", StringComparison.Ordinal) && !e.Contains("\"role\"", StringComparison.Ordinal));

        public string Header(string name) => Headers!.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
    }
}
