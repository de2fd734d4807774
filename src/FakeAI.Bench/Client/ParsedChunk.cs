namespace FakeAI.Bench.Client;

/// <summary>Text and usage found in one response object.</summary>
internal struct ParsedChunk
{
    public string? Content;
    public string? Reasoning;
    public int? PromptTokens;
    public int? CompletionTokens;
    public int? ReasoningTokens;

    /// <summary>aiperf counts a response only when it carries non-empty content or reasoning text.</summary>
    public readonly bool HasText => !string.IsNullOrEmpty(Content) || !string.IsNullOrEmpty(Reasoning);

    public readonly bool HasUsage => PromptTokens is not null || CompletionTokens is not null;
}
