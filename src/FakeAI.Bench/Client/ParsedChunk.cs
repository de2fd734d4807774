namespace FakeAI.Bench.Client;

/// <summary>What one response object contributed: how much content and reasoning text, and usage counts (including
/// <c>prompt_tokens_details.cached_tokens</c>, the prompt tokens a server served from its prefix cache).</summary>
internal struct ParsedChunk
{
    public int ContentChars;
    public int ReasoningChars;
    public int? PromptTokens;
    public int? CompletionTokens;
    public int? ReasoningTokens;
    public int? CachedTokens;

    /// <summary>Items of a non-text result: embeddings of an <c>object: "list"</c> body, or <c>rankings</c> entries.</summary>
    public int ResultItems;

    /// <summary>Whether <c>object</c> was <c>"list"</c>: only then do <c>data</c> items count as embeddings.</summary>
    public bool IsList;

    /// <summary>The end of a successful stream that sends no <c>[DONE]</c>: Anthropic's <c>message_stop</c>, or the
    /// Responses API's <c>response.completed</c> (or <c>response.incomplete</c>, a response cut short by its length limit).</summary>
    public bool EndsStream;

    /// <summary>A Responses <c>response.output_text.done</c> event, whose text repeats the deltas before it.</summary>
    public bool IsTextDone;

    /// <summary>Set when the object carries a top-level <c>error</c> (an error event inside a 200 stream).</summary>
    public bool HasError;
    public int? ErrorCode;
    public string? ErrorType;
    public string? ErrorMessage;

    /// <summary>aiperf counts a response only when it carries non-empty content or reasoning text.</summary>
    public readonly bool HasText => ContentChars > 0 || ReasoningChars > 0;

    /// <summary>An embeddings or rankings response with at least one item, which aiperf counts as a response too.</summary>
    public readonly bool HasResult => ResultItems > 0;

    public readonly bool HasUsage => PromptTokens is not null || CompletionTokens is not null;
}
