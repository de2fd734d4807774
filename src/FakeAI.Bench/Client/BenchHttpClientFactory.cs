using System.Net;
using System.Net.Sockets;

namespace FakeAI.Bench.Client;

/// <summary>One HTTP/1.1 client per run: a connection pool sized to the concurrency, no proxy, no decompression, no cookies,
/// no client-side timeout (each request carries its own).</summary>
internal static class BenchHttpClientFactory
{
    /// <summary>
    /// Connection attempts in flight at once. Opening thousands at the same instant overflows the server's accept
    /// backlog (Kestrel's is 511), and every dropped SYN then costs a 1 s retransmit; queueing them here keeps the
    /// backlog from overflowing while keep-alive connections absorb the steady state.
    /// </summary>
    private const int MaxPendingConnects = 128;

    public static HttpClient Create(int maxConnections, TimeSpan connectTimeout)
    {
        var connectGate = new SemaphoreSlim(MaxPendingConnects, MaxPendingConnects);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = connectTimeout,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(connectGate, context.DnsEndPoint, cancellationToken),
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    private static async ValueTask<Stream> ConnectAsync(SemaphoreSlim gate, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }
}
