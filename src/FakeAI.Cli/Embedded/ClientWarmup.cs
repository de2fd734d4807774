using FakeAI.Bench;
using FakeAI.Server;
using FakeAI.Server.KvCache;
using FakeAI.Server.Warmup;

namespace FakeAI.Cli.Embedded;

/// <summary>
/// Warms the benchmark client before the first measured request of a run, whether its server is embedded or at
/// <c>--url</c>. The client's own paths (dataset, connections, SSE parsing, metrics) would otherwise compile during the
/// first requests and make them late: a cold client measured a 100-stream first wave 33-47 ms over a 100 ms TTFT. The
/// warm-up runs the measured run's settings against a throwaway zero-latency server in this process, so the measured
/// server, its metrics and its KV cache never see it.
/// </summary>
internal static class ClientWarmup
{
    // The backlog took 1.7 s on a quiet machine; a process that never stops compiling (a test host) waits no longer than this.
    private static readonly TimeSpan MaxCompilerWait = TimeSpan.FromSeconds(3);

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

            // Only the client's paths need compiling: an embedded run's server warmed the process already, and a run
            // against another server does not need this one's.
            WarmUp = false,
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

            // The warm-up is the whole of its own small run, sent at once: not a shard, and not held for the shards' start.
            Shard = null,
            StartAt = null,
            Concurrency = fixedSchedule ? 10 : measured.Concurrency,
            // At least the warm-up's size per second: a 0.5 req/s run must not spend 40 s warming up.
            RequestRate = fixedSchedule || measured.RequestRate is not { } rate ? null : Math.Max(rate, count),
        };
        await ProfileRunner.RunAsync(config, progress: null, cancellationToken);

        // The warm-up leaves thousands of hot methods to be recompiled optimized in the background (1-2 s of one core);
        // the first measured requests must not share the machine with that.
        await CompilerQuiet.WaitAsync(MaxCompilerWait, cancellationToken);
        return count;
    }
}
