using FakeAI.Bench;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Results;
using FakeAI.Reports.Runs;

namespace FakeAI.Reports.Benchmarks;

/// <summary>Shared by the benchmarks of one invocation: options, the server probe and progress lines.</summary>
public sealed class BenchContext(BenchOptions options, ServerProbe probe, IProgress<string>? progress, IProgress<ProfileProgress>? runProgress = null)
{
    /// <summary>
    /// The step a progress line starts (a load test, a KV cache or memory phase: lines indented by two spaces), or null
    /// for other lines (benchmark names, results).
    /// </summary>
    public static string? StepHeading(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Length > 2 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ' ? line.Trim() : null;
    }

    public BenchOptions Options { get; } = options;

    public ServerProbe Probe { get; } = probe;

    public void Report(string line) => progress?.Report(line);

    /// <summary>Where the engine's snapshots of the run in progress go (a live panel), if anywhere.</summary>
    public IProgress<ProfileProgress>? RunProgress => runProgress;

    /// <summary>A chat profile config against the target with server-reported token counts (completion tokens for throughput).</summary>
    public ProfileConfig Config(string model, bool streaming, int inputTokens, int outputTokens) => new()
    {
        Models = [model],
        Url = Options.Url.ToString(),
        ApiKey = Options.ApiKey,
        EndpointType = EndpointType.Chat,
        Streaming = streaming,
        InputTokensMean = inputTokens,
        OutputTokensMean = outputTokens,
        UseServerTokenCount = true,
        RequestTimeoutSeconds = 120,
        CliCommand = "fakeai bench",
    };

    /// <summary>Runs one load test and summarises it with the standard metrics (latencies in ms).</summary>
    public async Task<(BenchTestResult Test, ProfileRunOutcome Outcome)> RunLoadAsync(string name, ProfileConfig config, CancellationToken cancellationToken)
    {
        Report($"  {name}");
        var outcome = await ProfileRuns.RunAsync(config, runProgress, cancellationToken);
        var metrics = new MetricList();
        Dictionary<string, int>? errors = null;
        if (outcome.Result is { } result)
        {
            var m = ProfileRuns.Metrics(result);
            var total = result.Records.Count;
            var wall = (result.EndTime - result.StartTime).TotalSeconds;
            metrics.Add("requests", total, MetricCatalog.RequestCount)
                .Add("successful", result.SuccessCount, MetricCatalog.RequestCount)
                .Higher("success_rate", total == 0 ? null : 100.0 * result.SuccessCount / total, "%")
                .Add("requests_per_second", m.RequestThroughput, MetricCatalog.RequestThroughput)
                .Add("output_tokens_per_second", m.OutputTokenThroughput, MetricCatalog.OutputTokenThroughput)
                .Add("latency_avg", m.RequestLatencyAvg, MetricCatalog.RequestLatency)
                .Add("latency_p50", m.RequestLatencyP50, MetricCatalog.RequestLatency)
                .Add("latency_p90", m.RequestLatencyP90, MetricCatalog.RequestLatency)
                .Add("latency_p95", ProfileRuns.Stat(result.Metrics, MetricCatalog.RequestLatency.Tag, 95), MetricCatalog.RequestLatency)
                .Add("latency_p99", m.RequestLatencyP99, MetricCatalog.RequestLatency)
                .Add("ttft_avg", m.TimeToFirstTokenAvg, MetricCatalog.TimeToFirstToken)
                .Add("ttft_p99", m.TimeToFirstTokenP99, MetricCatalog.TimeToFirstToken)
                .Add("wall_seconds", wall, MetricCatalog.BenchmarkDuration);
            errors = result.ErrorSummary
                .GroupBy(e => e.Details.Code is { } code && code != 499 ? $"HTTP {code}" : e.Details.Type)
                .ToDictionary(g => g.Key, g => g.Sum(e => e.Count), StringComparer.Ordinal);
        }

        var test = new BenchTestResult(name, outcome.Success, outcome.FailureReason, metrics.Items) { ErrorsByType = errors };
        Report(test.Success
            ? $"    {BenchFormat.N(BenchFormat.Get(test, "requests_per_second"))} req/s, p99 {BenchFormat.N(BenchFormat.Get(test, "latency_p99"))} ms"
            : $"    FAILED: {test.Error}");
        return (test, outcome);
    }

    public BenchResultFile Results(string benchmark, string status, string? message, IReadOnlyList<BenchTestResult> tests) =>
        new(BenchResultFile.SchemaId, benchmark, DateTimeOffset.UtcNow, Options.Url.ToString(), Options.Quick, status, message, tests);
}
