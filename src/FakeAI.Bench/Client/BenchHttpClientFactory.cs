using System.Net;

namespace FakeAI.Bench.Client;

/// <summary>One HTTP/1.1 client per run: a connection pool sized to the concurrency, no proxy, no decompression, no cookies,
/// no client-side timeout (each request carries its own).</summary>
internal static class BenchHttpClientFactory
{
    public static HttpClient Create(int maxConnections, TimeSpan connectTimeout)
    {
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
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
