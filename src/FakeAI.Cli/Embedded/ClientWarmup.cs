using FakeAI.Bench;
using FakeAI.Server;
using FakeAI.Server.KvCache;

namespace FakeAI.Cli.Embedded;

/// <summary>
/// Warms the benchmark client before the first measured request of a run against an embedded server. The server warms
/// itself when it starts; the client's own paths (dataset, connections, SSE parsing, metrics) would otherwise compile
/// during the first requests, in the same process and on the same cores as the server, and make them late. The warm-up
/// runs the measured run's settings against a throwaway zero-latency server, so the measured server's metrics and KV
/// cache never see it.
/// </summary>
internal static class ClientWarmup
{
    /// <summary>Requests sent: two waves at the run's concurrency (one second's worth at a request rate), 20 to 2,000.</summary>
    public static int RequestCount(ProfileConfig measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var count = measured.ResolveLoadMode() == LoadMode.RequestRate && measured.RequestRate is { } rate
            ? (int)Math.Min(rate, int.MaxValue)
            : 2 * measured.EffectiveConcurrency;
        return Math.Clamp(count, 20, 2000);
    }

    /// <summary>Runs the warm-up and returns how many requests it sent.</summary>
    public static async Task<int> RunAsync(ProfileConfig measured, CancellationToken cancellationToken)
    {
        var options = new FakeAIServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            Ttft = LatencySpec.Exact(0),
            Itl = LatencySpec.Exact(0),
            KvCache = new KvCacheOptions { Enabled = false },
        };
        await using var server = await FakeAIServer.StartAsync(options, cancellationToken);
        var count = RequestCount(measured);
        var fixedSchedule = measured.ResolveLoadMode() == LoadMode.FixedSchedule;
        var config = measured with
        {
            Url = server.Url.ToString().TrimEnd('/'),
            RequestCount = count,
            RequestCountSet = true,
            WarmupRequestCount = 0,
            BenchmarkDurationSeconds = null,
            RequestCancellationRate = 0,
            FixedSchedule = false,
            Concurrency = fixedSchedule ? 10 : measured.Concurrency,
            RequestRate = fixedSchedule ? null : measured.RequestRate,
        };
        await ProfileRunner.RunAsync(config, progress: null, cancellationToken);
        return count;
    }
}
