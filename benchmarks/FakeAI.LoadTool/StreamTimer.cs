using System.Diagnostics;
using System.Text;

namespace FakeAI.LoadTool;

internal readonly record struct StreamTiming(int Tokens, double TtftMs, double MeanItlMs);

/// <summary>
/// Times one stream from the raw bytes: every SSE event ends with a blank line; event 1 is the role chunk, events
/// 2..tokens+1 carry one content token each. A read's timestamp applies to every event it completes.
/// </summary>
internal static class StreamTimer
{
    public static async Task<StreamTiming> RunAsync(HttpClient client, string body, int tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var sent = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var events = 0;
        var previousNewline = false;
        long first = 0, last = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < read; i++)
            {
                var newline = buffer[i] == (byte)'\n';
                if (newline && previousNewline)
                {
                    events++;
                    if (events == 2)
                    {
                        first = now;
                    }

                    if (events == tokens + 1)
                    {
                        last = now;
                    }
                }

                previousNewline = newline;
            }
        }

        var received = Math.Max(0, Math.Min(tokens, events - 1));
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        var itl = tokens > 1 ? (last - first) / ticksPerMs / (tokens - 1) : 0;
        return new StreamTiming(received, (first - sent) / ticksPerMs, itl);
    }
}
