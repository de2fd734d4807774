namespace FakeAI.Bench.Metrics;

/// <summary>The per-request metric values of one record, in base units (ns, tokens); null where a metric does not apply.</summary>
public sealed record RecordMetrics
{
    public bool IsValid { get; init; }

    public double? TimeToFirstToken { get; init; }

    public double? TimeToSecondToken { get; init; }

    public double? RequestLatency { get; init; }

    public double? InterTokenLatency { get; init; }

    public double? OutputTokenThroughputPerUser { get; init; }

    public IReadOnlyList<double>? InterChunkLatencies { get; init; }

    public int? OutputTokenCount { get; init; }

    public int? ReasoningTokenCount { get; init; }

    public int? OutputSequenceLength { get; init; }

    public int? InputSequenceLength { get; init; }

    /// <summary>Prompt tokens of a failed request (aiperf's <c>error_isl</c>).</summary>
    public int? ErrorInputSequenceLength { get; init; }

    /// <summary>Actual start − intended start.</summary>
    public double ScheduleLag { get; init; }

    public double? TimeToFirstTokenFromIntended { get; init; }

    public double? RequestLatencyFromIntended { get; init; }

    /// <summary>Cached prompt tokens ÷ prompt tokens, both from the server's <c>usage</c>; null when the server reported no
    /// <c>cached_tokens</c> (or no prompt tokens).</summary>
    public double? PromptCacheHitRatio { get; init; }

    /// <summary>Wall-clock start and the wall-clock time of the last content response (benchmark window inputs).</summary>
    public long StartUnixNs { get; init; }

    public bool IsGood { get; init; }

    /// <summary>The value of a per-request metric by tag, in base units.</summary>
    public double? Value(string tag) => tag switch
    {
        "time_to_first_token" => TimeToFirstToken,
        "time_to_second_token" => TimeToSecondToken,
        "request_latency" => RequestLatency,
        "inter_token_latency" => InterTokenLatency,
        "output_token_throughput_per_user" => OutputTokenThroughputPerUser,
        "output_sequence_length" => OutputSequenceLength,
        "input_sequence_length" => InputSequenceLength,
        "output_token_count" => OutputTokenCount,
        "reasoning_token_count" => ReasoningTokenCount,
        "error_isl" => ErrorInputSequenceLength,
        "schedule_lag" => ScheduleLag,
        "time_to_first_token_from_intended" => TimeToFirstTokenFromIntended,
        "request_latency_from_intended" => RequestLatencyFromIntended,
        "prompt_cache_hit_ratio" => PromptCacheHitRatio,
        _ => null,
    };
}
