using System.Text.Json;
using FakeAI.Bench;
using FakeAI.Bench.Export;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using FakeAI.Reports.Runs;

namespace FakeAI.Reports.Suite;

/// <summary>
/// Runs the suite's matrix one run after another through the in-process engine, writes each run's aiperf exports to
/// <c>&lt;artifact-dir&gt;/&lt;run&gt;/</c>, then <c>benchmark_summary.json</c>, <c>BENCHMARK_REPORT.md</c>,
/// <c>report.html</c> and the concurrency charts. A failed run is recorded and the suite goes on; on cancellation the
/// summary is still written with what ran.
/// </summary>
public static class SuiteRunner
{
    /// <summary>The run a progress line starts (<c>[2/5] name</c> of "[2/5] name: …"), or null for other lines.</summary>
    public static string? RunHeading(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.StartsWith('[') ? line.Split(':')[0] : null;
    }

    public const string SummaryFileName = "benchmark_summary.json";
    public const string ReportFileName = "BENCHMARK_REPORT.md";

    public static Task<SuiteSummary> RunAsync(SuiteOptions options, IProgress<string>? progress, CancellationToken cancellationToken) =>
        RunAsync(options, progress, runProgress: null, cancellationToken);

    /// <summary>As above; <paramref name="runProgress"/> gets the profile engine's snapshots of the run in progress.</summary>
    public static async Task<SuiteSummary> RunAsync(
        SuiteOptions options, IProgress<string>? progress, IProgress<ProfileProgress>? runProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plan = SuitePlan.Build(options);
        var started = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(options.ArtifactDir);
        var results = new List<SuiteRunResult>();
        var latencies = new Dictionary<string, double[]>(StringComparer.Ordinal);
        string? warmup = null;
        if (options.Warmup && plan.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            progress?.Report("Warming up the client and server (--no-warmup to skip) …");
            warmup = await RunWarmup.RunAsync(WarmupConfigs(options, plan), cancellationToken);
            progress?.Report("Warm-up: " + warmup);
        }

        for (var i = 0; i < plan.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var (name, config) = plan[i];
            progress?.Report(FormattableString.Invariant($"[{i + 1}/{plan.Count}] {name}: {config.RequestCount} requests at concurrency {config.Concurrency}"));
            var outcome = await ProfileRuns.RunAsync(ToProfileConfig(options, config), runProgress, cancellationToken);
            string? artifactDir = null;
            string? error = outcome.FailureReason;
            if (outcome.Result is { } result)
            {
                artifactDir = Path.Combine(options.ArtifactDir, name);
                try
                {
                    await ProfileExporter.WriteAllAsync(result, artifactDir, CancellationToken.None);
                }
                catch (IOException e)
                {
                    error ??= $"exports not written: {e.Message}";
                }

                latencies[name] = [.. result.Metrics.Records.Where(r => r.IsValid && r.RequestLatency is not null).Select(r => r.RequestLatency!.Value / 1e6)];
            }

            var run = new SuiteRunResult(
                name,
                config,
                error is null,
                outcome.ElapsedSeconds,
                error,
                artifactDir,
                outcome.Result is { } r ? ProfileRuns.Metrics(r) : null);
            results.Add(run);
            progress?.Report(run.Success
                ? $"    ok: {SuiteReport.Number(run.Metrics!.RequestThroughput)} req/s, p99 latency {SuiteReport.Number(run.Metrics.RequestLatencyP99)} ms, TTFT avg {SuiteReport.Number(run.Metrics.TimeToFirstTokenAvg)} ms, ITL avg {SuiteReport.Number(run.Metrics.InterTokenLatencyAvg)} ms"
                : $"    FAILED: {error}");
        }

        var summary = new SuiteSummary(
            SuiteSummary.SchemaId,
            started,
            options.Url,
            options.Quick,
            results.Count,
            results.Count(r => r.Success),
            results.Count(r => !r.Success),
            results)
        {
            ServerSettings = options.ServerSettings,
            Warmup = warmup,
        };
        await WriteAsync(summary, options.ArtifactDir, latencies, CancellationToken.None);
        return summary;
    }

    /// <summary>Writes the summary JSON, charts, Markdown report and <c>report.html</c> into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(SuiteSummary summary, string directory, IReadOnlyDictionary<string, double[]> latenciesByRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(latenciesByRun);
        Directory.CreateDirectory(directory);
        await using (var stream = File.Create(Path.Combine(directory, SummaryFileName)))
        {
            await JsonSerializer.SerializeAsync(stream, summary, ResultsJsonContext.Default.SuiteSummary, cancellationToken);
        }

        var charts = SuiteCharts.Draw(summary, directory, latenciesByRun);
        await ReportWriter.WriteAsync(SuiteReport.Build(summary, charts), directory, ReportFileName, cancellationToken);
    }

    /// <summary>The first run of each streaming mode in the plan, the configurations the warm-up sends.</summary>
    internal static IReadOnlyList<ProfileConfig> WarmupConfigs(SuiteOptions options, IReadOnlyList<(string Name, SuiteRunConfig Config)> plan) =>
        [.. plan.Select(p => p.Config).DistinctBy(c => c.Streaming).Select(c => ToProfileConfig(options, c) with { CliCommand = "fakeai suite (warm-up)" })];

    internal static ProfileConfig ToProfileConfig(SuiteOptions options, SuiteRunConfig run) => new()
    {
        Models = [run.Model],
        Url = options.Url,
        ApiKey = options.ApiKey,
        EndpointType = options.EndpointType,
        Streaming = run.Streaming,
        Concurrency = run.Concurrency,
        RequestCount = run.RequestCount,
        RequestCountSet = true,
        InputTokensMean = run.InputTokensMean,
        OutputTokensMean = run.OutputTokensMean,
        UseServerTokenCount = true,
        RequestTimeoutSeconds = 600,
        CliCommand = "fakeai suite",
    };
}
