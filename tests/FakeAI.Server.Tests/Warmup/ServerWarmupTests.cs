using System.Net;
using FakeAI.Server.Warmup;

namespace FakeAI.Server.Tests.Warmup;

public sealed class ServerWarmupTests
{
    [Fact]
    public async Task A_warmed_up_server_starts_with_nothing_counted_and_an_empty_kv_cache()
    {
        await using var server = await FakeAIServer.StartAsync(new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Zero, Itl = LatencySpec.Zero });
        using var client = TestServers.Client(server);

        var metrics = await client.GetStringAsync("/metrics");

        // The warm-up's requests went to a throwaway server: none of them shows in this one's metrics or cache.
        Assert.DoesNotContain("model_name=", metrics, StringComparison.Ordinal);
        Assert.All(server.State.KvCache!.Snapshot().Workers, w => Assert.Equal(0, w.UsedBlocks));
        Assert.Equal(0, server.RunningRequests);
    }

    [Fact]
    public async Task The_process_is_warmed_once_and_later_starts_wait_for_nothing()
    {
        await ServerWarmup.EnsureProcessWarmAsync(CancellationToken.None);

        var again = ServerWarmup.EnsureProcessWarmAsync(CancellationToken.None);

        Assert.True(again.IsCompletedSuccessfully);
        await again;
    }

    [Fact]
    public async Task Every_kind_of_request_the_warm_up_sends_succeeds_on_a_server()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCacheEnabled = true);
        var endPoint = new IPEndPoint(IPAddress.Loopback, server.Url.Port);

        // A request the server refused would stop the warm-up; each one must be answered 200 and read to the end. Sent
        // twice, as the warm-up's rounds do, the chat prompts fill KV blocks and then hit them: the cache's code is warm too.
        foreach (var request in ServerWarmup.Requests.Concat(ServerWarmup.Requests))
        {
            await request.SendAsync(endPoint, CancellationToken.None);
        }

        var workers = server.State.KvCache!.Snapshot().Workers;
        Assert.True(workers.Sum(w => w.HitTokens) >= 4 * 4 * 16, "the warm-up's chat prompts do not hit several full KV blocks each");

        await Assert.ThrowsAsync<InvalidOperationException>(() => new LoopbackRequest("GET", "/v1/nope", null).SendAsync(endPoint, CancellationToken.None));
    }
}
