namespace FakeAI.Reports.Results;

/// <summary><c>benchmark_summary.json</c>: every run of a <c>fakeai suite</c> invocation, failed runs included.</summary>
public sealed record SuiteSummary(
    string Schema,
    DateTimeOffset Timestamp,
    string ServerUrl,
    bool Quick,
    int Total,
    int Successful,
    int Failed,
    IReadOnlyList<SuiteRunResult> Results)
{
    public const string SchemaId = "fakeai.suite.v1";

    /// <summary>The server's latency settings (TTFT, ITL, KV cache, router) when the suite knows them; null for a server at a URL.</summary>
    public string? ServerSettings { get; init; }

    /// <summary>What was sent before the first measured run, or null when the warm-up was skipped.</summary>
    public string? Warmup { get; init; }
}

/// <summary>One run of the suite. <see cref="Metrics"/> is present whenever the run measured anything, even if it failed.</summary>
public sealed record SuiteRunResult(
    string Name,
    SuiteRunConfig Config,
    bool Success,
    double ElapsedSeconds,
    string? Error,
    string? ArtifactDir,
    SuiteRunMetrics? Metrics);

public sealed record SuiteRunConfig(
    string Model,
    string EndpointType,
    int Concurrency,
    int RequestCount,
    int InputTokensMean,
    int OutputTokensMean,
    bool Streaming);

/// <summary>Key metrics of one run (ms for latencies, per second for throughputs, tokens for sequence lengths).</summary>
public sealed record SuiteRunMetrics
{
    public double? RequestThroughput { get; init; }

    /// <summary>Output (completion) tokens per second over the benchmark window; prompt tokens never count.</summary>
    public double? OutputTokenThroughput { get; init; }

    public double? RequestLatencyAvg { get; init; }

    public double? RequestLatencyP50 { get; init; }

    public double? RequestLatencyP90 { get; init; }

    public double? RequestLatencyP99 { get; init; }

    public double? TimeToFirstTokenAvg { get; init; }

    public double? TimeToFirstTokenP50 { get; init; }

    public double? TimeToFirstTokenP99 { get; init; }

    public double? InterTokenLatencyAvg { get; init; }

    public double? InterTokenLatencyP50 { get; init; }

    public double? InterTokenLatencyP99 { get; init; }

    public double? InputSequenceLengthAvg { get; init; }

    public double? OutputSequenceLengthAvg { get; init; }

    public double? RequestCount { get; init; }

    public double? ErrorCount { get; init; }
}
