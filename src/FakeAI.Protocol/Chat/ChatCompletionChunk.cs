using System.Text.Json.Serialization;
using FakeAI.Protocol.Usage;

namespace FakeAI.Protocol.Chat;

/// <summary>One SSE event of a streaming chat response (<c>chat.completion.chunk</c>).</summary>
public sealed record ChatCompletionChunk
{
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "chat.completion.chunk";

    public long Created { get; init; }

    public required string Model { get; init; }

    public string? SystemFingerprint { get; init; }

    /// <summary>Empty on the trailing usage chunk, as OpenAI sends it.</summary>
    public required IReadOnlyList<ChatChunkChoice> Choices { get; init; }

    public UsageInfo? Usage { get; init; }
}

/// <summary>One choice of a chat chunk; <c>finish_reason</c> is written as null until the last content chunk.</summary>
public sealed record ChatChunkChoice
{
    public int Index { get; init; }

    public required ChatDelta Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}

/// <summary>The incremental message of a chat chunk.</summary>
public sealed record ChatDelta
{
    public string? Role { get; init; }

    public string? Content { get; init; }

    public string? ReasoningContent { get; init; }

    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }
}
