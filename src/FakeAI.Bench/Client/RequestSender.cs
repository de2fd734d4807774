using System.Diagnostics;
using System.Net.Http.Headers;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Sse;

namespace FakeAI.Bench.Client;

/// <summary>
/// Sends one request and fills its record: start immediately before the send, first-byte arrival of every SSE event,
/// end, status and error. Failures never throw; they become the record's error (aiperf's error shapes).
/// </summary>
internal sealed class RequestSender(HttpClient client, ProfileConfig config)
{
    private static readonly ProductInfoHeaderValue UserAgent = new("fakeai", "1.0");
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptSse = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly Uri _uri = config.RequestUri();
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(config.RequestTimeoutSeconds);
    private readonly AuthenticationHeaderValue? _authorization = config.ApiKey is { } key ? new AuthenticationHeaderValue("Bearer", key) : null;

    /// <summary>Sends <paramref name="payload"/>; <paramref name="cancelAfter"/> cancels the request deliberately (error 499).</summary>
    public async Task SendAsync(RequestRecord record, byte[] payload, TimeSpan? cancelAfter, CancellationToken runToken)
    {
        // One timer per request: whichever of the deliberate cancellation and the timeout comes first.
        var deliberate = cancelAfter is { } delay && delay < _timeout;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        linked.CancelAfter(deliberate ? cancelAfter!.Value : _timeout);
        using var request = CreateRequest(record, payload);
        var handler = new SseRecordHandler(record);
        try
        {
            record.StartTimestamp = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            record.HeadersTimestamp = Stopwatch.GetTimestamp();
            record.StatusCode = (int)response.StatusCode;
            if (record.StatusCode != 200)
            {
                var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                record.EndTimestamp = Stopwatch.GetTimestamp();
                record.Error = new ErrorDetails(record.StatusCode, response.ReasonPhrase ?? response.StatusCode.ToString(), body);
                return;
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                {
                    using var parser = new SseParser();
                    var last = await SseStreamReader.ReadToEndAsync(stream, parser, handler, linked.Token).ConfigureAwait(false);
                    record.EndTimestamp = last == 0 ? Stopwatch.GetTimestamp() : last;
                }
                else
                {
                    using var body = new MemoryStream();
                    await stream.CopyToAsync(body, linked.Token).ConfigureAwait(false);
                    record.EndTimestamp = Stopwatch.GetTimestamp();
                    handler.Apply(body.GetBuffer().AsSpan(0, (int)body.Length), record.EndTimestamp);
                }
            }

            // A 200 without any content response stays error-free, as in aiperf: it is invalid (no responses), so it counts in
            // error_request_count and error_isl, but it carries no error details and so is not in the error summary.
            handler.Complete();
        }
        catch (OperationCanceledException) when (deliberate && !runToken.IsCancellationRequested)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.WasCancelled = true;
            record.CancellationTimestamp = record.EndTimestamp;
            record.Error = ErrorDetails.Cancelled(cancelAfter!.Value.TotalSeconds);
        }
        catch (OperationCanceledException) when (!runToken.IsCancellationRequested)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.Error = new ErrorDetails(null, "TimeoutError", $"Request timed out after {config.RequestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} seconds");
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.WasCancelled = true;
            record.CancellationTimestamp = record.EndTimestamp;
            record.Error = new ErrorDetails(null, "BenchmarkStopped", "The run stopped before the response completed");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            var root = e is HttpRequestException { InnerException: { } inner } ? inner : e;
            record.Error = new ErrorDetails(null, root.GetType().Name, e.Message);
        }
    }

    private HttpRequestMessage CreateRequest(RequestRecord record, byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = JsonContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content };
        var headers = request.Headers;
        headers.Accept.Add(config.EffectiveStreaming ? AcceptSse : AcceptJson);
        headers.UserAgent.Add(UserAgent);
        headers.Authorization = _authorization;
        headers.TryAddWithoutValidation("X-Request-ID", record.RequestId);
        headers.TryAddWithoutValidation("X-Correlation-ID", record.CorrelationId);
        foreach (var (name, value) in config.Headers)
        {
            headers.Remove(name);
            if (!headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
