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
}
