using FakeAI.Cli.Help;

namespace FakeAI.Cli.Profile;

/// <summary>
/// The sections of <c>fakeai profile --help</c>, as in docs/profile.md "Options". Keyed by option name so the options
/// themselves can be declared in any order; an option missing here is listed under "Other options".
/// </summary>
internal static class ProfileHelpGroups
{
    public static IReadOnlyList<HelpGroup> All { get; } =
    [
        new("Endpoint", ["--model-names", "--model-selection-strategy", "--url", "--endpoint-type", "--custom-endpoint", "--streaming", "--api-key", "--request-timeout-seconds", "--service-kind", "--ca-file", "--insecure", "--server-outage-timeout"]),
        new("Limits on what the server sends", ["--max-response-bytes", "--max-sse-line-bytes", "--max-sse-event-bytes"]),
        new("Input", ["--extra-inputs", "--header", "--input-file", "--custom-dataset-type", "--public-dataset", "--fixed-schedule", "--fixed-schedule-auto-offset", "--fixed-schedule-start-offset", "--fixed-schedule-end-offset", "--random-seed", "--goodput"]),
        new("Output", ["--output-artifact-dir", "--profile-export-file", "--from-records"]),
        new("Tokenizer", ["--tokenizer", "--tokenizer-revision", "--tokenizer-trust-remote-code", "--use-server-token-count"]),
        new("Load generator", ["--concurrency", "--request-rate", "--request-rate-mode", "--request-count", "--warmup-request-count", "--no-client-warmup", "--benchmark-duration", "--benchmark-grace-period", "--request-cancellation-rate", "--request-cancellation-delay"]),
        new("Load workers", ["--shard", "--start-at"]),
        new("Dataset shape", ["--prompt-input-tokens-mean", "--prompt-input-tokens-stddev", "--prompt-input-tokens-block-size", "--prompt-output-tokens-mean", "--prompt-output-tokens-stddev", "--conversation-num", "--conversation-turn-mean", "--conversation-turn-stddev", "--conversation-turn-delay-mean", "--conversation-turn-delay-stddev", "--conversation-turn-delay-ratio", "--seq-dist", "--prompt-batch-size", "--prompt-prefix-pool-size", "--prompt-prefix-length"]),
        new("Rankings", ["--rankings-passages-mean", "--rankings-passages-stddev", "--rankings-passages-prompt-token-mean", "--rankings-passages-prompt-token-stddev", "--rankings-query-prompt-token-mean", "--rankings-query-prompt-token-stddev"]),
        new("Images and audio", ["--image-width-mean", "--image-height-mean", "--image-width-stddev", "--image-height-stddev", "--image-batch-size", "--image-format", "--audio-length-mean", "--audio-length-stddev", "--audio-batch-size", "--audio-format", "--audio-depths", "--audio-sample-rates", "--audio-num-channels"]),
        new("Logging", ["--log-level", "--verbose", "--extra-verbose"]),
        new("aiperf service options that do not apply", ["--workers-max", "--record-processor-service-count", "--zmq-host", "--zmq-ipc-path", "--disable-uvloop", "--enable-yappi-profiling", "--show-internal-metrics"]),
        new("Console and outcome", ["--ui-type", "--max-error-rate", "--plots", "--ttft", "--itl", "--no-kv-cache", "--kv-workers", "--router"]),
    ];
}
