using System.Text.Json.Serialization;

namespace FakeAI.Protocol.Messages;

/// <summary>A <c>"type":"message"</c> object: the non-streaming body, and the message inside <c>message_start</c>.</summary>
public sealed class MessagesResponse
{
    public required string Id { get; init; }

    public string Type { get; init; } = "message";

    public string Role { get; init; } = "assistant";

    public required string Model { get; init; }

    public required IReadOnlyList<MessagesContentBlock> Content { get; init; }

    // Anthropic always sends these two, as null while a stream is still open.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }

    public required MessagesUsage Usage { get; init; }
}

/// <summary>
/// A content block: <c>text</c> (<see cref="Text"/>), <c>thinking</c> (<see cref="Thinking"/> + <see cref="Signature"/>)
/// or <c>tool_use</c> (<see cref="Id"/>, <see cref="Name"/>, <see cref="Input"/>).
/// </summary>
public sealed class MessagesContentBlock
{
    public required string Type { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public System.Text.Json.JsonElement? Input { get; init; }

    public string? Text { get; init; }

    public string? Thinking { get; init; }

    public string? Signature { get; init; }
}

/// <summary>
/// Token usage. <see cref="InputTokens"/> counts only the prompt tokens not read from the cache, as Anthropic bills them;
/// the cached ones are <see cref="CacheReadInputTokens"/>.
/// </summary>
public sealed class MessagesUsage
{
    public int? InputTokens { get; init; }

    public int? CacheCreationInputTokens { get; init; }

    public int? CacheReadInputTokens { get; init; }

    public int OutputTokens { get; init; }
}
