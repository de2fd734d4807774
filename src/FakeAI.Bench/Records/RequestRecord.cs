namespace FakeAI.Bench.Records;

/// <summary>
/// Everything measured about one request. Times are <c>Stopwatch</c> timestamps (convert with <see cref="RunClock"/>);
/// the only per-response data kept is one timestamp per content-bearing chunk, so a record stays small at high scale.
/// </summary>
public sealed class RequestRecord
{
    private long[] _responseTimestamps = [];

    /// <summary>Credit number within its phase (aiperf's <c>session_num</c>).</summary>
    public int CreditNumber { get; init; }

    public BenchmarkPhase Phase { get; init; }

    public string ConversationId { get; init; } = "";

    public int TurnIndex { get; init; }

    public string RequestId { get; init; } = "";

    public string CorrelationId { get; init; } = "";

    public string Model { get; init; } = "";

    /// <summary>When the schedule wanted this request sent (equals the actual start in closed-loop mode).</summary>
    public long IntendedStartTimestamp { get; set; }

    /// <summary>Taken immediately before the request is handed to the HTTP client.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>Response headers received (0 if never).</summary>
    public long HeadersTimestamp { get; set; }

    /// <summary>Last byte of the response read, or the failure/cancellation time.</summary>
    public long EndTimestamp { get; set; }

    public int ResponseCount { get; private set; }

    /// <summary>Arrival (first byte) of each content- or reasoning-bearing response, in order.</summary>
    public ReadOnlySpan<long> ResponseTimestamps => _responseTimestamps.AsSpan(0, ResponseCount);

    public int StatusCode { get; set; }

    public ErrorDetails? Error { get; set; }

    /// <summary>The request failed because no connection to the server could be opened (refused, unreachable, timed out).</summary>
    public bool ConnectFailed { get; set; }

    public bool WasCancelled { get; set; }

    public long CancellationTimestamp { get; set; }

    public string ContentText { get; set; } = "";

    public string ReasoningText { get; set; } = "";

    /// <summary>Prompt tokens counted by the client tokenizer when the dataset was built.</summary>
    public int InputTokens { get; init; }

    public int? UsagePromptTokens { get; set; }

    public int? UsageCompletionTokens { get; set; }

    public int? UsageReasoningTokens { get; set; }

    /// <summary><c>usage.prompt_tokens_details.cached_tokens</c>: prompt tokens the server served from its prefix (KV)
    /// cache; null when the server did not report it.</summary>
    public int? UsageCachedTokens { get; set; }

    public bool IsValid => Error is null && StatusCode == 200 && ResponseCount > 0;

    public void AddResponse(long timestamp)
    {
        if (ResponseCount == _responseTimestamps.Length)
        {
            Array.Resize(ref _responseTimestamps, Math.Max(8, ResponseCount * 2));
        }

        _responseTimestamps[ResponseCount++] = timestamp;
    }
}
