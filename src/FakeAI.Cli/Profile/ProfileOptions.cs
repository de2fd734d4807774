using System.CommandLine;
using FakeAI.Cli.Embedded;

namespace FakeAI.Cli.Profile;

/// <summary>The options of <c>fakeai profile</c>: aiperf's names and aliases, in aiperf's group order, plus
/// the embedded-server latency and KV cache flags and <c>--max-error-rate</c>.</summary>
internal sealed class ProfileOptions
{
    // Endpoint
    public Option<string[]> Model { get; } = new("--model-names", "--model", "-m") { Description = "Model name(s): one, a comma-separated list, or repeated (required).", AllowMultipleArgumentsPerToken = false };
    public Option<string> ModelSelectionStrategy { get; } = new("--model-selection-strategy") { Description = "With several models: round_robin (default) or random." };
    public Option<string> CustomEndpoint { get; } = new("--custom-endpoint", "--endpoint") { Description = "Path used instead of the endpoint type's default, e.g. /v1/chat/completions." };
    public Option<string> EndpointType { get; } = new("--endpoint-type") { Description = "chat (default), completions, embeddings, rankings, responses (OpenAI Responses API) or messages (Anthropic)." };
    public Option<bool> Streaming { get; } = new("--streaming") { Description = "Stream responses over SSE (needed for TTFT/ITL)." };
    public Option<string> Url { get; } = new("--url", "-u") { Description = "Server URL (http:// is added when missing). Without it, an embedded FakeAI server is started on a free loopback port." };
    public Option<double?> RequestTimeout { get; } = new("--request-timeout-seconds") { Description = "Per-request timeout in seconds (default 600)." };
    public Option<string> ApiKey { get; } = new("--api-key") { Description = "Sent as Authorization: Bearer <key> (as x-api-key for --endpoint-type messages)." };
    public Option<string> ServiceKind { get; } = new("--service-kind") { Description = "Accepted for GenAI-Perf compatibility; only 'openai'." };

    // Input
    public Option<string[]> ExtraInputs { get; } = new("--extra-inputs") { Description = "name:value pairs (several after one flag, comma-separated, or a JSON object) merged into every request body, e.g. ignore_eos:true max_tokens:64.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Header { get; } = new("--header", "-H") { Description = "Extra HTTP headers Name:Value (several after one flag, comma-separated, or a JSON object).", AllowMultipleArgumentsPerToken = true };
    public Option<string> InputFile { get; } = new("--input-file") { Description = "Dataset file (or directory for random_pool)." };
    public Option<bool> FixedSchedule { get; } = new("--fixed-schedule") { Description = "Replay the input file's timestamps (ms)." };
    public Option<bool> FixedScheduleAutoOffset { get; } = new("--fixed-schedule-auto-offset") { Description = "Schedule zero is the first timestamp." };
    public Option<long?> FixedScheduleStartOffset { get; } = new("--fixed-schedule-start-offset") { Description = "Schedule zero and first included timestamp (ms)." };
    public Option<long?> FixedScheduleEndOffset { get; } = new("--fixed-schedule-end-offset") { Description = "Last included timestamp (ms)." };
    public Option<string> PublicDataset { get; } = new("--public-dataset") { Description = "sharegpt, read from the local file given by --input-file (nothing is downloaded)." };
    public Option<string> CustomDatasetType { get; } = new("--custom-dataset-type") { Description = "single_turn, multi_turn, random_pool or mooncake_trace." };
    public Option<int?> RandomSeed { get; } = new("--random-seed") { Description = "Seed for prompts, arrivals, conversation choice and cancellations." };
    public Option<string[]> Goodput { get; } = new("--goodput") { Description = "SLOs tag:value in display units for any per-request metric, e.g. \"time_to_first_token:100 inter_token_latency:5\" (ISL, OSL and per-user throughput: at least the value).", AllowMultipleArgumentsPerToken = true };

    // Output
    public Option<string> ArtifactDir { get; } = new("--output-artifact-dir", "--artifact-dir", "--artifact-directory") { Description = "Artifact directory (default artifacts/<model>-openai-<type>-<stimulus>)." };
    public Option<string> ProfileExportFile { get; } = new("--profile-export-file") { Description = "Per-request JSONL file name, relative to the artifact directory (default profile_export.jsonl)." };

    // Tokenizer
    public Option<string> Tokenizer { get; } = new("--tokenizer") { Description = "o200k_base (default), cl100k_base, or a local tokenizer.json / tokenizer.model / folder holding one (never downloaded)." };
    public Option<string> TokenizerRevision { get; } = new("--tokenizer-revision") { Description = "Hugging Face revision of the tokenizer (default main); recorded, tokenizers are read from disk only." };
    public Option<bool> TokenizerTrustRemoteCode { get; } = new("--tokenizer-trust-remote-code") { Description = "Accepted for aiperf scripts; no tokenizer code is ever run." };
    public Option<bool> UseServerTokenCount { get; } = new("--use-server-token-count") { Description = "Take ISL/OSL from the server's usage (requests include_usage when streaming)." };

    // Load generator
    public Option<double?> BenchmarkDuration { get; } = new("--benchmark-duration") { Description = "Run for this many seconds instead of a request count." };
    public Option<double?> BenchmarkGracePeriod { get; } = new("--benchmark-grace-period") { Description = "Seconds in-flight requests may finish after the duration (default 30)." };
    public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Requests in flight (closed loop), or the cap in request-rate mode." };
    public Option<double?> RequestRate { get; } = new("--request-rate") { Description = "Requests per second (open loop, absolute deadlines)." };
    public Option<string> RequestRateMode { get; } = new("--request-rate-mode") { Description = "poisson (default), constant, or concurrency_burst (as fast as --concurrency allows; the rate is unused)." };
    public Option<int?> RequestCount { get; } = new("--request-count", "--num-requests") { Description = "Profiling requests (default 10)." };
    public Option<int?> WarmupRequestCount { get; } = new("--warmup-request-count", "--num-warmup-requests") { Description = "Warmup requests, excluded from results." };
    public Option<bool> NoClientWarmup { get; } = new("--no-client-warmup") { Description = "Skip the client's own warm-up against a throwaway local server; the first measured requests then carry the client's start-up work." };
    public Option<double?> CancellationRate { get; } = new("--request-cancellation-rate") { Description = "Percent of requests to cancel (error 499)." };
    public Option<double?> CancellationDelay { get; } = new("--request-cancellation-delay") { Description = "Seconds after sending before a cancelled request is cancelled." };

    // Conversation, ISL, OSL, prompt, prefix
    public Option<int?> ConversationNum { get; } = new("--conversation-num", "--num-conversations", "--num-sessions", "--num-dataset-entries", "--num-prompts") { Description = "Dataset pool size (default 100)." };
    public Option<int?> ConversationTurnMean { get; } = new("--conversation-turn-mean", "--session-turns-mean") { Description = "Turns per synthetic conversation, mean (default 1); each turn is one request." };
    public Option<double?> ConversationTurnStddev { get; } = new("--conversation-turn-stddev", "--session-turns-stddev") { Description = "Turns per conversation, standard deviation." };
    public Option<double?> ConversationTurnDelayMean { get; } = new("--conversation-turn-delay-mean", "--session-turn-delay-mean") { Description = "Pause before each later turn in ms, mean (default 0)." };
    public Option<double?> ConversationTurnDelayStddev { get; } = new("--conversation-turn-delay-stddev", "--session-turn-delay-stddev") { Description = "Pause before each later turn in ms, standard deviation." };
    public Option<double?> ConversationTurnDelayRatio { get; } = new("--conversation-turn-delay-ratio", "--session-delay-ratio") { Description = "Factor applied to every turn pause (default 1.0)." };
    public Option<int?> InputTokensMean { get; } = new("--prompt-input-tokens-mean", "--synthetic-input-tokens-mean", "--isl", "--synthetic-tokens-mean") { Description = "Synthetic prompt tokens, mean (default 550)." };
    public Option<double?> InputTokensStddev { get; } = new("--prompt-input-tokens-stddev", "--synthetic-input-tokens-stddev", "--isl-stddev", "--synthetic-tokens-stddev") { Description = "Synthetic prompt tokens, standard deviation." };
    public Option<int?> InputTokensBlockSize { get; } = new("--prompt-input-tokens-block-size", "--synthetic-input-tokens-block-size", "--isl-block-size") { Description = "Mooncake hash block size in tokens (default 512)." };
    public Option<string> SequenceDistribution { get; } = new("--seq-dist", "--sequence-distribution") { Description = "ISL/OSL mixture, e.g. \"256,128:40;512,256:60\" (with deviations 256|10,128|5:40), [(256,128):40,…] or JSON {\"pairs\":[…]}; percentages sum to 100." };
    public Option<int?> OutputTokensMean { get; } = new("--prompt-output-tokens-mean", "--output-tokens-mean", "--osl") { Description = "max_completion_tokens/max_tokens to request, mean." };
    public Option<double?> OutputTokensStddev { get; } = new("--prompt-output-tokens-stddev", "--output-tokens-stddev", "--osl-stddev") { Description = "Output tokens, standard deviation." };
    public Option<int?> BatchSize { get; } = new("--prompt-batch-size", "--batch-size-text", "--batch-size", "-b") { Description = "Texts per request (default 1)." };
    public Option<int?> NumPrefixPrompts { get; } = new("--prompt-prefix-pool-size", "--prefix-prompt-pool-size", "--num-prefix-prompts") { Description = "Pool of shared prefixes prepended to first turns." };
    public Option<int?> PrefixPromptLength { get; } = new("--prompt-prefix-length", "--prefix-prompt-length") { Description = "Tokens per shared prefix." };

    // Rankings
    public Option<int?> RankingsPassagesMean { get; } = new("--rankings-passages-mean") { Description = "Rankings: passages per query, mean (default 10)." };
    public Option<double?> RankingsPassagesStddev { get; } = new("--rankings-passages-stddev") { Description = "Rankings: passages per query, standard deviation." };
    public Option<int?> RankingsPassageTokensMean { get; } = new("--rankings-passages-prompt-token-mean") { Description = "Rankings: tokens per passage, mean (default 128)." };
    public Option<double?> RankingsPassageTokensStddev { get; } = new("--rankings-passages-prompt-token-stddev") { Description = "Rankings: tokens per passage, standard deviation." };
    public Option<int?> RankingsQueryTokensMean { get; } = new("--rankings-query-prompt-token-mean") { Description = "Rankings: query tokens, mean (default 32)." };
    public Option<double?> RankingsQueryTokensStddev { get; } = new("--rankings-query-prompt-token-stddev") { Description = "Rankings: query tokens, standard deviation." };

    // Audio input
    public Option<int?> AudioBatchSize { get; } = new("--audio-batch-size", "--batch-size-audio") { Description = "Audio clips per chat turn (default 1, when --audio-length-mean > 0)." };
    public Option<string[]> AudioDepths { get; } = new("--audio-depths") { Description = "Bit depths to draw from: 8, 16 (default), 24, 32.", AllowMultipleArgumentsPerToken = true };
    public Option<string> AudioFormat { get; } = new("--audio-format") { Description = "wav (default) or mp3." };
    public Option<double?> AudioLengthMean { get; } = new("--audio-length-mean") { Description = "Clip length in seconds, mean (default 0: no audio)." };
    public Option<double?> AudioLengthStddev { get; } = new("--audio-length-stddev") { Description = "Clip length in seconds, standard deviation." };
    public Option<int?> AudioNumChannels { get; } = new("--audio-num-channels") { Description = "1 (default) or 2." };
    public Option<string[]> AudioSampleRates { get; } = new("--audio-sample-rates") { Description = "Sample rates in kHz to draw from (default 16).", AllowMultipleArgumentsPerToken = true };

    // Image input
    public Option<int?> ImageBatchSize { get; } = new("--image-batch-size", "--batch-size-image") { Description = "Images per chat turn (default 1, when the sizes are > 0)." };
    public Option<string> ImageFormat { get; } = new("--image-format") { Description = "png (default), jpeg or random." };
    public Option<double?> ImageHeightMean { get; } = new("--image-height-mean") { Description = "Image height in pixels, mean (default 0: no images)." };
    public Option<double?> ImageHeightStddev { get; } = new("--image-height-stddev") { Description = "Image height, standard deviation." };
    public Option<double?> ImageWidthMean { get; } = new("--image-width-mean") { Description = "Image width in pixels, mean (default 0: no images)." };
    public Option<double?> ImageWidthStddev { get; } = new("--image-width-stddev") { Description = "Image width, standard deviation." };

    // Service
    public Option<string> LogLevel { get; } = new("--log-level") { Description = "Level of logs/aiperf.log in the artifact directory: trace, debug, info (default), notice, warning, success, error, critical." };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Same as --log-level debug." };
    public Option<bool> ExtraVerbose { get; } = new("--extra-verbose", "-vv") { Description = "Same as --log-level trace." };
    public SingleProcessOptions SingleProcess { get; } = new();

    // UI and outcome
    public Option<string> Ui { get; } = new("--ui-type", "--ui") { Description = "dashboard (default), simple or none." };
    public Option<double?> MaxErrorRate { get; } = new("--max-error-rate") { Description = "Exit with code 1 when more than this percent of requests failed." };
    public Option<bool> Plots { get; } = new("--plots") { Description = "Also draw PNG charts (TTFT/ITL/latency distributions, latency over time) into the artifact directory." };

    // Embedded server
    public Option<string> Ttft { get; } = new("--ttft") { Description = "Embedded server only: time to first token in ms, MEAN or MEAN:JITTER_PCT (e.g. 100 or 100:10)." };
    public Option<string> Itl { get; } = new("--itl") { Description = "Embedded server only: inter-token latency in ms, MEAN or MEAN:JITTER_PCT." };
    public EmbeddedKvCacheOptions KvCache { get; } = new();

    // Limits, TLS, outages, recovery
    public RobustnessOptions Robustness { get; } = new();

    // Load workers
    public ShardOptions Shards { get; } = new();

    public IEnumerable<Option> All =>
    [
        Model, ModelSelectionStrategy, CustomEndpoint, EndpointType, Streaming, Url, RequestTimeout, ApiKey, ServiceKind,
        ExtraInputs, Header, InputFile, FixedSchedule, FixedScheduleAutoOffset, FixedScheduleStartOffset, FixedScheduleEndOffset,
        PublicDataset, CustomDatasetType, RandomSeed, Goodput, ArtifactDir, ProfileExportFile, Tokenizer, TokenizerRevision, TokenizerTrustRemoteCode, UseServerTokenCount,
        BenchmarkDuration, BenchmarkGracePeriod, Concurrency, RequestRate, RequestRateMode, RequestCount, WarmupRequestCount, NoClientWarmup,
        CancellationRate, CancellationDelay, ConversationNum, ConversationTurnMean, ConversationTurnStddev,
        ConversationTurnDelayMean, ConversationTurnDelayStddev, ConversationTurnDelayRatio, InputTokensMean, SequenceDistribution, InputTokensStddev, InputTokensBlockSize,
        OutputTokensMean, OutputTokensStddev, BatchSize, NumPrefixPrompts, PrefixPromptLength,
        RankingsPassagesMean, RankingsPassagesStddev, RankingsPassageTokensMean, RankingsPassageTokensStddev, RankingsQueryTokensMean, RankingsQueryTokensStddev,
        Ui, MaxErrorRate, Plots, Ttft, Itl,
        AudioBatchSize, AudioDepths, AudioFormat, AudioLengthMean, AudioLengthStddev, AudioNumChannels, AudioSampleRates,
        ImageBatchSize, ImageFormat, ImageHeightMean, ImageHeightStddev, ImageWidthMean, ImageWidthStddev, LogLevel, Verbose, ExtraVerbose,
        .. KvCache.All,
        .. SingleProcess.All,
        .. Robustness.All,
        .. Shards.All,
    ];
}
