using System.Diagnostics;
using FakeAI.Bench;
using FakeAI.Bench.Sharding;
using FakeAI.Cli.Embedded;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>The client's warm-up before a shard's run is a small whole run of its own: it is not held for the shards'
/// <c>--start-at</c> (which made the measured run miss that instant by the warm-up's length).</summary>
public sealed class ShardClientWarmupTests
{
    [Fact]
    public async Task The_warm_up_of_a_shard_does_not_wait_for_the_start_instant()
    {
        var measured = new ProfileConfig
        {
            Models = ["m"], Streaming = true, Concurrency = 2, RequestCount = 10, InputTokensMean = 5, RandomSeed = 1,
            Shard = new ShardSpec(1, 2), StartAt = DateTimeOffset.UtcNow.AddMinutes(2),
        };

        var elapsed = Stopwatch.StartNew();
        var sent = await ClientWarmup.RunAsync(measured, CancellationToken.None);
        Assert.Equal(ClientWarmup.RequestCount(measured), sent);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(60), $"the warm-up took {elapsed.Elapsed}");
    }
}
