using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FakeAI.Server.Warmup;

/// <summary>
/// One HTTP/1.1 request over a new loopback connection with <c>Connection: close</c>, read to the end: the smallest
/// client that drives a request through the same sockets, Kestrel and handler code a real client does.
/// </summary>
internal readonly record struct LoopbackRequest(string Method, string Path, string? Body)
{
    public async Task SendAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellationToken);
        var body = Body is null ? [] : Encoding.UTF8.GetBytes(Body);
        var head = $"{Method} {Path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        if (body.Length > 0)
        {
            await socket.SendAsync(body, cancellationToken);
        }

        var buffer = new byte[16 * 1024];
        var received = await socket.ReceiveAsync(buffer, cancellationToken);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, Math.Min(received, 12));
        if (!statusLine.EndsWith(" 200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"warm-up request {Method} {Path} answered '{statusLine}'");
        }

        while (received > 0)
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken);
        }
    }
}
