namespace FakeAI.Protocol.Usage;

/// <summary>Token accounting of one response (<c>usage</c>).</summary>
public sealed record UsageInfo
{
    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int TotalTokens { get; init; }

    public PromptTokensDetails? PromptTokensDetails { get; init; }

    public CompletionTokensDetails? CompletionTokensDetails { get; init; }
}

/// <summary><c>usage.prompt_tokens_details</c>.</summary>
public sealed record PromptTokensDetails
{
    /// <summary>Prompt tokens served from the (simulated) prefix cache.</summary>
    public int CachedTokens { get; init; }
}

/// <summary><c>usage.completion_tokens_details</c>.</summary>
public sealed record CompletionTokensDetails
{
    /// <summary>Completion tokens spent on <c>reasoning_content</c>; already included in <c>completion_tokens</c>.</summary>
    public int ReasoningTokens { get; init; }
}
