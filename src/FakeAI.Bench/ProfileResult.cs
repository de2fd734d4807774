using FakeAI.Bench.Datasets;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench;

/// <summary>The outcome of a profile run: the profiling records, their metrics and the error summary. Warmup records are
/// not included. A cancelled run still carries everything that completed.</summary>
public sealed record ProfileResult
{
    /// <summary>The configuration as run (e.g. fixed schedule switched on for a timestamped mooncake trace).</summary>
    public required ProfileConfig Config { get; init; }

    public required IReadOnlyList<RequestRecord> Records { get; init; }

    /// <summary>Per-request metrics (same order as <see cref="Records"/>) and the exported summary.</summary>
    public required MetricsSummary Metrics { get; init; }

    public required Dataset Dataset { get; init; }

    public required RunClock Clock { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    public required bool WasCancelled { get; init; }

    /// <summary>Requests the run interrupted (Ctrl+C or the end of the grace period), left out of the results.</summary>
    public int DroppedRequests { get; init; }

    public required IReadOnlyList<ErrorSummaryEntry> ErrorSummary { get; init; }

    /// <summary>Set when the run stopped sending because the server stayed unreachable (see <see cref="ProfileConfig.ServerOutageTimeoutSeconds"/>).</summary>
    public string? ServerLostReason { get; init; }

    /// <summary>Failed requests other than the ones cancelled on purpose (<c>--request-cancellation-rate</c>).</summary>
    public int UnplannedErrorCount => ErrorCount - Records.Count(r => r.Error?.Type == "RequestCancellationError");

    public int SuccessCount => Metrics.ValidCount;

    public int ErrorCount => Metrics.Records.Count - Metrics.ValidCount;

    /// <summary>Failed requests as a percentage of all profiling requests (0 when there were none).</summary>
    public double ErrorRatePercent => Metrics.Records.Count == 0 ? 0 : 100.0 * ErrorCount / Metrics.Records.Count;

    /// <summary>True for summaries recomputed from a run's per-request JSONL (<c>fakeai profile --from-records</c>) rather
    /// than by the run itself; <see cref="Records"/> is then empty.</summary>
    public bool RebuiltFromRecords { get; init; }

    /// <summary>Set for one shard of a split run (<c>--shard i/N</c>); its exports then include <c>shard.json</c>.</summary>
    public Sharding.ShardRun? Shard { get; init; }

    /// <summary>For a summary merged from shards (<c>fakeai profile merge</c>): how many; <see cref="StartTime"/> is then the
    /// earliest shard's start and <see cref="EndTime"/> the last shard's end.</summary>
    public int? MergedShardCount { get; init; }
}
