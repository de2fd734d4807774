using System.Net.Sockets;
using System.Text;

namespace FakeAI.Server.Tests.Hostile;

/// <summary>
/// Sends bytes exactly as given over a plain socket (no client-side normalisation of paths, headers or framing) and
/// reads the answer until the server closes the connection or <see cref="Timeout"/> passes.
/// </summary>
internal static class RawHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The status code of the first response line, or 0 when the server closed without answering.</summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri server, byte[] request, bool halfClose = false)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cts.Token);
            if (halfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything we send (e.g. a 413 or 431).
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer still leaves the answer.
        }

        var text = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        return (StatusOf(text), text);
    }

    public static Task<(int Status, string Response)> SendAsync(Uri server, string request) => SendAsync(server, Encoding.UTF8.GetBytes(request));

    /// <summary>A complete request with <c>Connection: close</c> and a correct Content-Length.</summary>
    public static string Request(string method, string target, string? body = null, string? headers = null)
    {
        var length = body is null ? string.Empty : $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n";
        return $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}{length}\r\n{body}";
    }

    private static int StatusOf(string response)
    {
        // "HTTP/1.1 200 OK"
        if (!response.StartsWith("HTTP/1.", StringComparison.Ordinal) || response.Length < 12)
        {
            return 0;
        }

        return int.TryParse(response.AsSpan(9, 3), out var status) ? status : 0;
    }
}
