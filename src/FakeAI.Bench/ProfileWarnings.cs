using System.Globalization;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench;

/// <summary>
/// Settings or measurements that quietly change what a run means, each as one line for the console: a concurrency the
/// request count can never reach, length options a rankings run ignores, and an output length the server did not
/// honour.
/// </summary>
public static class ProfileWarnings
{
    /// <summary>How far the measured average OSL may stray from the requested one before it is reported.</summary>
    public const double OslTolerance = 0.05;

    /// <summary>Warnings known before any request is sent.</summary>
    public static IReadOnlyList<string> ForConfig(ProfileConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var warnings = new List<string>();
        var countBounded = config.BenchmarkDurationSeconds is null && config.ResolveLoadMode() != LoadMode.FixedSchedule
            && config.CustomDatasetType != CustomDatasetType.MooncakeTrace;
        if (countBounded && config.Concurrency is { } concurrency && concurrency > config.RequestCount)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"--concurrency {concurrency} exceeds --request-count {config.RequestCount}: at most {config.RequestCount} requests will be in flight."));
        }

        var defaults = new ProfileConfig();
        if (config.EndpointType == EndpointType.Rankings && config.InputFile is null
            && (config.InputTokensMean != defaults.InputTokensMean || config.InputTokensStddev != defaults.InputTokensStddev || config.BatchSize != defaults.BatchSize))
        {
            warnings.Add("--synthetic-input-tokens-mean/-stddev and --batch-size do not shape rankings requests: use --rankings-query-prompt-token-mean, --rankings-passages-mean and --rankings-passages-prompt-token-mean.");
        }

        return warnings;
    }

    /// <summary>Warnings about what was measured.</summary>
    public static IReadOnlyList<string> ForResult(ProfileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var warnings = new List<string>();
        if (result.Config.OutputTokensMean is { } requested
            && EndpointTypes.ProducesTokens(result.Config.EndpointType)
            && result.Metrics.Get(MetricCatalog.OutputSequenceLength.Tag) is { } osl
            && Math.Abs(osl.Avg - requested) > OslTolerance * requested)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"measured average output sequence length {osl.Avg:F2} differs from the requested {requested} (--output-tokens-mean) by {100 * Math.Abs(osl.Avg - requested) / requested:F1} %: the server ignores max_completion_tokens/max_tokens or stops early (some honour --extra-inputs ignore_eos:true or min_tokens)."));
        }

        return warnings;
    }
}
