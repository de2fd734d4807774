using FakeAI.Bench;

namespace FakeAI.Reports.Runs;

/// <summary>
/// The warm-up <c>suite</c> and <c>bench</c> send before their first measured run (unless <c>--no-warmup</c>): a fresh
/// client, and a fresh server behind <c>--url</c>, compile their hot paths during the first requests, so without it the
/// first run absorbs that work and is slower than the same run later. Each given configuration is sent at its own
/// concurrency for two waves with short outputs and its own random prompts; nothing of it is counted.
/// </summary>
public static class RunWarmup
{
    /// <summary>Output tokens of a warm-up request: enough to run the token-by-token paths, short enough to be quick.</summary>
    public const int OutputTokens = 16;

    /// <summary>Requests per configuration: two waves at its concurrency, 20 to 2,000.</summary>
    public static int RequestCount(ProfileConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Math.Clamp(2 * config.EffectiveConcurrency, 20, 2000);
    }

    /// <summary>Runs the warm-up and describes it in one line for the console and the report.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<ProfileConfig> configs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configs);
        var sent = 0;
        var failed = 0;
        foreach (var config in configs)
        {
            var count = RequestCount(config);
            var outcome = await ProfileRuns.RunAsync(
                config with
                {
                    RequestCount = count,
                    RequestCountSet = true,
                    WarmupRequestCount = 0,
                    OutputTokensMean = Math.Min(config.OutputTokensMean ?? OutputTokens, OutputTokens),
                    RandomSeed = null,
                },
                cancellationToken);
            sent += outcome.Result?.Records.Count ?? 0;
            failed += outcome.Result?.ErrorCount ?? 0;
        }

        var errors = failed > 0 ? FormattableString.Invariant($", {failed} of them failed") : string.Empty;
        return FormattableString.Invariant($"{sent} requests ({Describe(configs)}){errors} before the first measured run, not counted (--no-warmup to skip)");
    }

    private static string Describe(IReadOnlyList<ProfileConfig> configs) => string.Join(
        "; ",
        configs.Select(c => FormattableString.Invariant($"{(c.EffectiveStreaming ? "streaming" : "non-streaming")} at concurrency {c.EffectiveConcurrency}")));
}
