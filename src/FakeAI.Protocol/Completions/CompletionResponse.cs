using System.Text.Json.Serialization;
using FakeAI.Protocol.Usage;

namespace FakeAI.Protocol.Completions;

/// <summary>A <c>text_completion</c> response; the same shape is used for each streamed chunk.</summary>
public sealed record CompletionResponse
{
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "text_completion";

    public long Created { get; init; }

    public required string Model { get; init; }

    public string? SystemFingerprint { get; init; }

    /// <summary>Empty on the trailing usage chunk of a stream.</summary>
    public required IReadOnlyList<CompletionChoice> Choices { get; init; }

    public UsageInfo? Usage { get; init; }
}

/// <summary>One completion choice; <c>logprobs</c> and <c>finish_reason</c> are written as null, as OpenAI does.</summary>
public sealed record CompletionChoice
{
    public required string Text { get; init; }

    public int Index { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public System.Text.Json.JsonElement? Logprobs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
