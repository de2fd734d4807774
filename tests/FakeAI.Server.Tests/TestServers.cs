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

    public static HttpClient Client(FakeAIServer server) => new() { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
