using FakeAI.Bench.Metrics;

namespace FakeAI.Reports.Results;

/// <summary>
/// <c>&lt;name&gt;_results.json</c> written by <c>fakeai bench</c> for one benchmark. <see cref="Status"/> is
/// <c>completed</c>, <c>failed</c> (see <see cref="Message"/>) or <c>unsupported</c> (the server lacks the feature).
/// </summary>
public sealed record BenchResultFile(
    string Schema,
    string Benchmark,
    DateTimeOffset Timestamp,
    string ServerUrl,
    bool Quick,
    string Status,
    string? Message,
    IReadOnlyList<BenchTestResult> Tests)
{
    public const string SchemaId = "fakeai.bench.v1";
}

/// <summary>One test of a benchmark with its metrics in display order.</summary>
public sealed record BenchTestResult(
    string Name,
    bool Success,
    string? Error,
    IReadOnlyList<BenchMetric> Metrics)
{
    /// <summary>Failed requests by error type (e.g. <c>HTTP 503</c>, <c>Timeout</c>).</summary>
    public IReadOnlyDictionary<string, int>? ErrorsByType { get; init; }

    /// <summary>Requests answered per router worker, from the server's worker header (KV-cache benchmark only).</summary>
    public IReadOnlyDictionary<string, int>? RequestsByWorker { get; init; }

    /// <summary>Memory samples of the server over the test (memory benchmark only).</summary>
    public IReadOnlyList<BenchMemoryPoint>? Timeline { get; init; }
}

/// <summary>A measured value. <paramref name="Better"/> is <c>higher</c>, <c>lower</c> or <c>none</c>, which <c>fakeai compare</c> uses.</summary>
public sealed record BenchMetric(string Name, double Value, string Unit, string Better)
{
    public const string Higher = "higher";
    public const string Lower = "lower";
    public const string None = "none";

    /// <summary><see cref="Better"/>'s wire word for a direction.</summary>
    public static string BetterOf(MetricDirection direction) => direction switch
    {
        MetricDirection.HigherIsBetter => Higher,
        MetricDirection.LowerIsBetter => Lower,
        _ => None,
    };

    /// <summary>The direction a <see cref="Better"/> word names, or null for a word that names none.</summary>
    public static MetricDirection? DirectionOf(string? better) => better switch
    {
        Higher => MetricDirection.HigherIsBetter,
        Lower => MetricDirection.LowerIsBetter,
        None => MetricDirection.Neutral,
        _ => null,
    };
}

/// <summary>One point of a memory timeline; the managed heap, collection count and KV cache usage (0-1) only when the server reports them.</summary>
public sealed record BenchMemoryPoint(
    double ElapsedSeconds, int CompletedRequests, double ResidentMegabytes, double? ManagedHeapMegabytes = null, long? GarbageCollections = null,
    double? KvCacheUsage = null);
