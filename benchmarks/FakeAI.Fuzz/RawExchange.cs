using System.Net.Sockets;
using System.Text;

namespace FakeAI.Fuzz;

/// <summary>What became of one request on the wire.</summary>
internal enum Outcome
{
    /// <summary>A status line arrived (the status is in <see cref="ExchangeResult.Status"/>).</summary>
    Answered,

    /// <summary>The server closed the connection without sending a byte.</summary>
    ClosedWithoutAnswer,

    /// <summary>The connection was reset before any byte of an answer.</summary>
    Reset,

    /// <summary>No status line within the timeout.</summary>
    Timeout,

    /// <summary>Bytes arrived that are not an HTTP/1.x status line.</summary>
    Garbled,

    /// <summary>The connection could not be opened (the server is gone or overloaded).</summary>
    ConnectFailed,
}

internal sealed record ExchangeResult(Outcome Outcome, int Status, long BytesReceived, string Head, string? Error);

/// <summary>
/// Sends bytes exactly as given over a plain socket and reads the answer until the server closes, the answer exceeds
/// <see cref="MaxResponseBytes"/> (long streams are cut: only the status matters) or the timeout passes.
/// </summary>
internal static class RawExchange
{
    public const int MaxResponseBytes = 1 << 20;

    public static async Task<ExchangeResult> SendAsync(Uri server, byte[] request, bool halfClose, TimeSpan timeout, CancellationToken stop)
    {
        using var client = new TcpClient { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(server.Host, server.Port, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return new ExchangeResult(Outcome.ConnectFailed, 0, 0, string.Empty, e.Message);
        }

        var stream = client.GetStream();
        string? writeError = null;
        try
        {
            await stream.WriteAsync(request, deadline.Token);
            if (halfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server may answer and close before reading everything (413, 431, a framing error).
            writeError = e.Message;
        }
        catch (OperationCanceledException)
        {
            return new ExchangeResult(Outcome.Timeout, 0, 0, string.Empty, "timed out while sending");
        }

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        string? readError = null;
        var timedOut = false;
        try
        {
            int read;
            while (received.Length < MaxResponseBytes && (read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            timedOut = !stop.IsCancellationRequested;
            readError = "timed out while reading";
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            readError = e.InnerException?.Message ?? e.Message;
        }

        var head = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)Math.Min(received.Length, 4096));
        var status = FinalStatus(head);
        var error = readError ?? writeError;
        if (status > 0)
        {
            return new ExchangeResult(Outcome.Answered, status, received.Length, head, error);
        }

        var outcome = received.Length > 0 ? Outcome.Garbled : timedOut ? Outcome.Timeout : readError is not null ? Outcome.Reset : Outcome.ClosedWithoutAnswer;
        return new ExchangeResult(outcome, 0, received.Length, head, error);
    }

    /// <summary>The first non-1xx status ("100 Continue" precedes the real answer to <c>Expect: 100-continue</c>).</summary>
    internal static int FinalStatus(string head)
    {
        var at = 0;
        while (at + 12 <= head.Length && head.AsSpan(at).StartsWith("HTTP/1.") && int.TryParse(head.AsSpan(at + 9, 3), out var status))
        {
            if (status >= 200)
            {
                return status;
            }

            var end = head.IndexOf("\r\n\r\n", at, StringComparison.Ordinal);
            if (end < 0)
            {
                return status;
            }

            at = end + 4;
        }

        return 0;
    }
}
