using System.Text.Json.Serialization;
using FakeAI.Protocol.Usage;

namespace FakeAI.Protocol.Chat;

/// <summary>Non-streaming <c>chat.completion</c> response.</summary>
public sealed record ChatCompletionResponse
{
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "chat.completion";

    public long Created { get; init; }

    public required string Model { get; init; }

    public string? SystemFingerprint { get; init; }

    public required IReadOnlyList<ChatChoice> Choices { get; init; }

    public UsageInfo? Usage { get; init; }
}

/// <summary>One choice of a non-streaming chat response.</summary>
public sealed record ChatChoice
{
    public int Index { get; init; }

    public required ChatResponseMessage Message { get; init; }

    public string? FinishReason { get; init; }
}

/// <summary>The assistant message of a non-streaming chat response.</summary>
public sealed record ChatResponseMessage
{
    public string Role { get; init; } = "assistant";

    public string? Content { get; init; }

    /// <summary>The reasoning text of reasoning models (DeepSeek-R1 / vLLM convention).</summary>
    public string? ReasoningContent { get; init; }

    /// <summary>The tool calls of a <c>finish_reason: "tool_calls"</c> answer (whose content is then null).</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }
}

/// <summary>
/// One tool call: whole in a message (<c>id</c>, <c>type</c>, <c>function</c>), or a stream's piece of it, where
/// <c>index</c> says which call it extends and only the first piece carries the id, type and name.
/// </summary>
public sealed record ChatToolCall
{
    public int? Index { get; init; }

    public string? Id { get; init; }

    public string? Type { get; init; }

    public required ChatFunctionCall Function { get; init; }
}

/// <summary>A tool call's function: its name and its arguments as JSON text.</summary>
public sealed record ChatFunctionCall
{
    public string? Name { get; init; }

    public required string Arguments { get; init; }
}
