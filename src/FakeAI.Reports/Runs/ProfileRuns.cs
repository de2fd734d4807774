using System.Diagnostics;
using FakeAI.Bench;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Runs;

/// <summary>Runs the profile engine in-process for suites and turns its results into report metrics.</summary>
public static class ProfileRuns
{
    /// <summary>
    /// Runs one configuration. Failures of the run itself (server gone, bad response) become an outcome with an error so
    /// the suite can go on; cancellation of <paramref name="cancellationToken"/> still returns what was measured.
    /// </summary>
    public static Task<ProfileRunOutcome> RunAsync(ProfileConfig config, CancellationToken cancellationToken) =>
        RunAsync(config, progress: null, cancellationToken);

    /// <summary>As above, reporting the engine's progress.</summary>
    public static Task<ProfileRunOutcome> RunAsync(ProfileConfig config, IProgress<ProfileProgress>? progress, CancellationToken cancellationToken) =>
        RunCoreAsync(config, null, progress, cancellationToken);

    /// <summary>As above, over conversations the caller built instead of the config's dataset options.</summary>
    public static Task<ProfileRunOutcome> RunAsync(ProfileConfig config, Dataset dataset, CancellationToken cancellationToken) =>
        RunAsync(config, dataset, null, cancellationToken);

    /// <summary>As above, reporting the engine's progress.</summary>
    public static Task<ProfileRunOutcome> RunAsync(ProfileConfig config, Dataset dataset, IProgress<ProfileProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RunCoreAsync(config, dataset, progress, cancellationToken);
    }

    private static async Task<ProfileRunOutcome> RunCoreAsync(ProfileConfig config, Dataset? dataset, IProgress<ProfileProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = dataset is null
                ? await ProfileRunner.RunAsync(config, progress, cancellationToken)
                : await ProfileRunner.RunAsync(config, dataset, progress, cancellationToken);
            return new ProfileRunOutcome(result, null, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is ServerUnreachableException or HttpRequestException or IOException or ArgumentException or InvalidOperationException)
        {
            return new ProfileRunOutcome(null, e.Message, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before the engine had anything to return (e.g. while connecting).
            return new ProfileRunOutcome(null, "cancelled", Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The suite's key metrics of a run. Output token throughput counts completion tokens only.</summary>
    public static SuiteRunMetrics Metrics(ProfileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        return new SuiteRunMetrics
        {
            RequestThroughput = m.Get(MetricCatalog.RequestThroughput.Tag)?.Avg,
            OutputTokenThroughput = m.Get(MetricCatalog.OutputTokenThroughput.Tag)?.Avg,
            RequestLatencyAvg = Stat(m, MetricCatalog.RequestLatency.Tag, null),
            RequestLatencyP50 = Stat(m, MetricCatalog.RequestLatency.Tag, 50),
            RequestLatencyP90 = Stat(m, MetricCatalog.RequestLatency.Tag, 90),
            RequestLatencyP99 = Stat(m, MetricCatalog.RequestLatency.Tag, 99),
            TimeToFirstTokenAvg = Stat(m, MetricCatalog.TimeToFirstToken.Tag, null),
            TimeToFirstTokenP50 = Stat(m, MetricCatalog.TimeToFirstToken.Tag, 50),
            TimeToFirstTokenP99 = Stat(m, MetricCatalog.TimeToFirstToken.Tag, 99),
            InterTokenLatencyAvg = Stat(m, MetricCatalog.InterTokenLatency.Tag, null),
            InterTokenLatencyP50 = Stat(m, MetricCatalog.InterTokenLatency.Tag, 50),
            InterTokenLatencyP99 = Stat(m, MetricCatalog.InterTokenLatency.Tag, 99),
            InputSequenceLengthAvg = Stat(m, MetricCatalog.InputSequenceLength.Tag, null),
            OutputSequenceLengthAvg = Stat(m, MetricCatalog.OutputSequenceLength.Tag, null),
            RequestCount = result.Records.Count,
            ErrorCount = result.ErrorCount,
        };
    }

    /// <summary>A statistic of a distribution metric in display units (ms, tokens); the average when <paramref name="percentile"/> is null.</summary>
    public static double? Stat(MetricsSummary metrics, string tag, int? percentile)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var result = metrics.Get(tag);
        if (result is null)
        {
            return null;
        }

        return percentile is { } p && result.Stats is { } stats ? stats.Percentile(p) : percentile is null ? result.Avg : null;
    }
}
