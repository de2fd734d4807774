using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Sse;

namespace FakeAI.Bench.Client;

/// <summary>
/// Sends one request and fills its record: start immediately before a connection is taken for the send (so connecting
/// counts, as in aiperf), first-byte arrival of every SSE event, end, status and error. Failures never throw; they
/// become the record's error (aiperf's error shapes).
/// </summary>
internal sealed class RequestSender(BenchConnectionPool pool, RequestTemplate template, ProfileConfig config)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(config.RequestTimeoutSeconds);
    private readonly byte[]? _recordHeader = config.RecordResponseHeader is { Length: > 0 } name ? Encoding.ASCII.GetBytes(name) : null;

    /// <summary>Sends <paramref name="payload"/>; <paramref name="cancelAfter"/> cancels the request deliberately (error 499).</summary>
    public async Task SendAsync(RequestRecord record, byte[] payload, TimeSpan? cancelAfter, CancellationToken runToken)
    {
        // One timer per request: whichever of the deliberate cancellation and the timeout comes first.
        var deliberate = cancelAfter is { } delay && delay < _timeout;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        linked.CancelAfter(deliberate ? cancelAfter!.Value : _timeout);
        var token = linked.Token;
        BenchConnection? connection = null;
        try
        {
            record.StartTimestamp = Stopwatch.GetTimestamp();
            (connection, var head) = await SendHeadAsync(record, payload, token).ConfigureAwait(false);
            record.HeadersTimestamp = Stopwatch.GetTimestamp();
            record.StatusCode = head.StatusCode;
            record.RecordedHeaderValue = head.RecordedHeader;
            if (head.StatusCode != 200)
            {
                var body = await connection.ReadBodyToEndAsync(config.MaxResponseBytes, token).ConfigureAwait(false);
                record.EndTimestamp = Stopwatch.GetTimestamp();
                record.Error = new ErrorDetails(record.StatusCode, head.ReasonPhrase is { Length: > 0 } reason ? reason : ((HttpStatusCode)record.StatusCode).ToString(), Encoding.UTF8.GetString(body.Span));
                return;
            }

            var handler = new SseRecordHandler(record, config.EndpointType);
            if (head.IsEventStream)
            {
                using var parser = new SseParser(config.MaxSseLineBytes, config.MaxSseEventBytes);
                var last = await SseStreamReader.ReadToEndAsync(connection.Body, parser, handler, token).ConfigureAwait(false);
                record.EndTimestamp = last == 0 ? Stopwatch.GetTimestamp() : last;
            }
            else
            {
                var body = await connection.ReadBodyToEndAsync(config.MaxResponseBytes, token).ConfigureAwait(false);
                record.EndTimestamp = Stopwatch.GetTimestamp();
                handler.Apply(body.Span, record.EndTimestamp);
            }

            handler.Complete();
            record.Error = handler.Diagnose(head);
        }
        catch (AuthenticationException e)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.Error = new ErrorDetails(null, "SSLError", e.Message);
        }
        catch (InvalidDataException e)
        {
            // A size limit on what the server sent (body, SSE line or event) was exceeded.
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.Error = new ErrorDetails(record.StatusCode == 0 ? null : record.StatusCode, "ResponseTooLarge", e.Message);
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
            record.Error = new ErrorDetails(null, "TimeoutError", $"Request timed out after {config.RequestTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} seconds");
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            record.WasCancelled = true;
            record.CancellationTimestamp = record.EndTimestamp;
            record.Error = new ErrorDetails(null, "BenchmarkStopped", "The run stopped before the response completed");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            record.EndTimestamp = Stopwatch.GetTimestamp();
            var root = e is IOException { InnerException: SocketException inner } ? inner : e;
            record.Error = new ErrorDetails(null, root.GetType().Name, root.Message);
        }
        finally
        {
            if (connection is not null)
            {
                // A cancelled or failed exchange leaves the connection mid-response, so the pool closes it.
                pool.Return(connection);
            }
        }
    }

    /// <summary>Runs one exchange on an in-memory connection, so the send, head, body and parsing paths pay their first-call
    /// cost here and not in a scheduled request, then opens <paramref name="connections"/> connections to the server.</summary>
    public async Task WarmUpAsync(byte[] payload, int connections, CancellationToken cancellationToken)
    {
        pool.LendNext(new BenchConnection(new CannedResponseStream(WarmUpResponse.For(config.EndpointType, config.EffectiveStreaming))));
        await SendAsync(new RequestRecord { RequestId = RequestIds.NewId(), CorrelationId = RequestIds.NewId() }, payload, null, cancellationToken).ConfigureAwait(false);
        await pool.OpenAsync(connections, cancellationToken).ConfigureAwait(false);

        // The dataset, the payloads and the warm-up's garbage sit in the young generations; a collection that promotes
        // them during the first wave pauses every stream being timed. Collect them now, before the first measured request.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Writes the request and reads the response head. A reused connection the server had already closed (no byte
    /// of a response came back) is replaced by another one, as HttpClient does; the start stays the first try's.</summary>
    private async Task<(BenchConnection Connection, ResponseHead Head)> SendHeadAsync(RequestRecord record, byte[] payload, CancellationToken token)
    {
        while (true)
        {
            BenchConnection connection;
            bool reused;
            try
            {
                (connection, reused) = await pool.RentAsync(token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // No connection could be opened: the signal that the server may be gone (see ServerHealth).
                record.ConnectFailed = true;
                throw;
            }

            try
            {
                await connection.SendAsync(template, record.RequestId, record.CorrelationId, payload, token).ConfigureAwait(false);
                return (connection, await connection.ReadHeadAsync(_recordHeader, token).ConfigureAwait(false));
            }
            catch (Exception e) when (reused && connection.ReceivedNothing && e is IOException or SocketException)
            {
                connection.Dispose();
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }
}
