namespace FakeAI.Bench.Metrics;

/// <summary>Every metric the client reports, in aiperf's export order (its JSON export's field order), with aiperf's tags,
/// headers and units.</summary>
public static class MetricCatalog
{
    private const double NsToMs = 1e-6;
    private const double NsToSec = 1e-9;

    public static readonly MetricDefinition RequestThroughput = new("request_throughput", "Request Throughput", "requests/sec", 1, false, MetricTraits.None);
    public static readonly MetricDefinition RequestLatency = new("request_latency", "Request Latency", "ms", NsToMs, true, MetricTraits.None);
    public static readonly MetricDefinition RequestCount = new("request_count", "Request Count", "requests", 1, false, MetricTraits.None);
    public static readonly MetricDefinition TimeToFirstToken = new("time_to_first_token", "Time to First Token", "ms", NsToMs, true, MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly);
    public static readonly MetricDefinition TimeToSecondToken = new("time_to_second_token", "Time to Second Token", "ms", NsToMs, true, MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly);
    public static readonly MetricDefinition InterTokenLatency = new("inter_token_latency", "Inter Token Latency", "ms", NsToMs, true, MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly);
    public static readonly MetricDefinition OutputTokenThroughput = new("output_token_throughput", "Output Token Throughput", "tokens/sec", 1, false, MetricTraits.ProducesTokensOnly);
    public static readonly MetricDefinition OutputTokenThroughputPerUser = new("output_token_throughput_per_user", "Output Token Throughput Per User", "tokens/sec/user", 1, true, MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly | MetricTraits.LargerIsBetter);
    public static readonly MetricDefinition OutputSequenceLength = new("output_sequence_length", "Output Sequence Length", "tokens", 1, true, MetricTraits.ProducesTokensOnly | MetricTraits.LargerIsBetter);
    public static readonly MetricDefinition InputSequenceLength = new("input_sequence_length", "Input Sequence Length", "tokens", 1, true, MetricTraits.LargerIsBetter);
    public static readonly MetricDefinition Goodput = new("goodput", "Goodput", "requests/sec", 1, false, MetricTraits.GoodputOnly);
    public static readonly MetricDefinition GoodRequestCount = new("good_request_count", "GoodRequestCount", "requests", 1, false, MetricTraits.GoodputOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition OutputTokenCount = new("output_token_count", "Output Token Count", "tokens", 1, true, MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition ReasoningTokenCount = new("reasoning_token_count", "Reasoning Token Count", "tokens", 1, true, MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition InterChunkLatency = new("inter_chunk_latency", "Inter Chunk Latency", "ms", NsToMs, true, MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition MinRequestTimestamp = new("min_request_timestamp", "Minimum Request Timestamp", "ns", 1, false, MetricTraits.NoConsole);
    public static readonly MetricDefinition MaxResponseTimestamp = new("max_response_timestamp", "Maximum Response Timestamp", "ns", 1, false, MetricTraits.NoConsole);
    public static readonly MetricDefinition BenchmarkDuration = new("benchmark_duration", "Benchmark Duration", "sec", NsToSec, false, MetricTraits.NoConsole);
    public static readonly MetricDefinition TotalOutputTokens = new("total_output_tokens", "Total Output Tokens", "tokens", 1, false, MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition TotalReasoningTokens = new("total_reasoning_tokens", "Total Reasoning Tokens", "tokens", 1, false, MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition TotalIsl = new("total_isl", "Total Input Sequence Length", "tokens", 1, false, MetricTraits.NoConsole);
    public static readonly MetricDefinition TotalOsl = new("total_osl", "Total Output Sequence Length", "tokens", 1, false, MetricTraits.ProducesTokensOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition ErrorRequestCount = new("error_request_count", "Error Request Count", "requests", 1, false, MetricTraits.ErrorOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition ErrorIsl = new("error_isl", "Error Input Sequence Length", "tokens", 1, true, MetricTraits.ErrorOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition TotalErrorIsl = new("total_error_isl", "Total Error Input Sequence Length", "tokens", 1, false, MetricTraits.ErrorOnly | MetricTraits.NoConsole);
    public static readonly MetricDefinition ScheduleLag = new("schedule_lag", "Schedule Lag", "ms", NsToMs, true, MetricTraits.Extension);
    public static readonly MetricDefinition TimeToFirstTokenFromIntended = new("time_to_first_token_from_intended", "Time to First Token From Intended Start", "ms", NsToMs, true, MetricTraits.Extension | MetricTraits.StreamingOnly | MetricTraits.ProducesTokensOnly);
    public static readonly MetricDefinition RequestLatencyFromIntended = new("request_latency_from_intended", "Request Latency From Intended Start", "ms", NsToMs, true, MetricTraits.Extension);

    /// <summary><c>usage.prompt_tokens_details.cached_tokens / usage.prompt_tokens</c>, kept as a ratio, shown in percent.</summary>
    public static readonly MetricDefinition PromptCacheHitRatio = new("prompt_cache_hit_ratio", "Prompt Cache Hit Ratio", "%", 100, true, MetricTraits.Extension | MetricTraits.ProducesTokensOnly | MetricTraits.LargerIsBetter);

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        RequestThroughput, RequestLatency, RequestCount, TimeToFirstToken, TimeToSecondToken, InterTokenLatency,
        OutputTokenThroughput, OutputTokenThroughputPerUser, OutputSequenceLength, InputSequenceLength, Goodput,
        GoodRequestCount, OutputTokenCount, ReasoningTokenCount, MinRequestTimestamp, MaxResponseTimestamp,
        InterChunkLatency, TotalOutputTokens, TotalReasoningTokens, BenchmarkDuration, TotalIsl, TotalOsl,
        ErrorRequestCount, ErrorIsl, TotalErrorIsl, ScheduleLag, TimeToFirstTokenFromIntended, RequestLatencyFromIntended,
        PromptCacheHitRatio,
    ];

    /// <summary>aiperf's console order (TTFT 100 … Request Count 1100), then our extension metrics.</summary>
    public static IReadOnlyList<MetricDefinition> ConsoleOrder { get; } =
    [
        TimeToFirstToken, TimeToSecondToken, RequestLatency, InterTokenLatency, OutputTokenThroughputPerUser,
        OutputSequenceLength, InputSequenceLength, OutputTokenThroughput, RequestThroughput, Goodput, RequestCount,
        ScheduleLag, TimeToFirstTokenFromIntended, RequestLatencyFromIntended, PromptCacheHitRatio,
    ];

    /// <summary>Every metric with one value per request, which a goodput SLO may name (inter-chunk latency is a list per
    /// request, error metrics exist only for failed requests).</summary>
    public static IReadOnlySet<string> GoodputTags { get; } = All
        .Where(m => m.IsDistribution && m != InterChunkLatency && !m.Has(MetricTraits.ErrorOnly))
        .Select(m => m.Tag)
        .ToHashSet(StringComparer.Ordinal);

    public static MetricDefinition? Find(string tag) => All.FirstOrDefault(m => m.Tag == tag);

    public static bool IsStreamingOnly(string tag) => Find(tag)?.Has(MetricTraits.StreamingOnly) ?? false;
}
