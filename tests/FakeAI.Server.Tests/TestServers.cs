using System.Text;

namespace FakeAI.Server.Tests;

/// <summary>Starts real servers on 127.0.0.1:0 with zero latency unless a test asks for more.</summary>
internal static class TestServers
{
    public static Task<FakeAIServer> StartAsync(Action<FakeAIServerOptions>? configure = null)
    {
        var options = new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Zero, Itl = LatencySpec.Zero };
        configure?.Invoke(options);
        return FakeAIServer.StartAsync(options);
    }

    /// <summary>
    /// Waits until no request holds KV blocks. A client can read a response's last byte a moment before the server
    /// releases the request's blocks; until then the worker still counts them as load, which can tie the router.
    /// </summary>
    public static async Task WaitForKvIdleAsync(FakeAIServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.State.KvCache!.Snapshot().Workers.Sum(w => w.RunningRequests) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "requests still hold KV blocks after 10 s");
            await Task.Delay(5);
        }
    }

    public static HttpClient Client(FakeAIServer server) => new() { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
