using FakeAI.Cli.Help;

namespace FakeAI.Cli.Profile;

/// <summary>
/// The sections of <c>fakeai profile --help</c>, as in docs/profile.md "Options". Keyed by option name so the options
/// themselves can be declared in any order; an option missing here is listed under "Other options" (and a test fails).
/// </summary>
internal static class ProfileHelpGroups
{
    public static IReadOnlyList<HelpGroup> All { get; } =
    [
        new("Endpoint", ["--model-names", "--url", "--endpoint-type", "--custom-endpoint", "--streaming", "--api-key", "--request-timeout-seconds", "--service-kind"]),
        new("Input", ["--extra-inputs", "--header", "--input-file", "--custom-dataset-type", "--public-dataset", "--fixed-schedule", "--fixed-schedule-auto-offset", "--fixed-schedule-start-offset", "--fixed-schedule-end-offset", "--random-seed", "--goodput"]),
        new("Output", ["--output-artifact-dir", "--profile-export-file"]),
        new("Tokenizer", ["--tokenizer", "--use-server-token-count"]),
        new("Load generator", ["--concurrency", "--request-rate", "--request-rate-mode", "--request-count", "--warmup-request-count", "--benchmark-duration", "--benchmark-grace-period", "--request-cancellation-rate", "--request-cancellation-delay"]),
        new("Dataset shape", ["--prompt-input-tokens-mean", "--prompt-input-tokens-stddev", "--prompt-input-tokens-block-size", "--prompt-output-tokens-mean", "--prompt-output-tokens-stddev", "--conversation-num", "--prompt-batch-size", "--prompt-prefix-pool-size", "--prompt-prefix-length"]),
        new("Console and outcome", ["--ui-type", "--max-error-rate", "--plots", "--ttft", "--itl", "--no-kv-cache", "--kv-workers", "--router"]),
    ];
}
