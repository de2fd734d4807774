using System.Text.Json.Serialization;
namespace FakeAI.Protocol.Models;

/// <summary><c>GET /v1/models</c> response.</summary>
public sealed record ModelList
{
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "list";

    public required IReadOnlyList<ModelInfo> Data { get; init; }
}

/// <summary>One model. <c>context_window</c> and <c>max_model_len</c> (vLLM's name) are extensions OpenAI does not send.</summary>
public sealed record ModelInfo
{
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "model";

    public long Created { get; init; }

    public required string OwnedBy { get; init; }

    public int? ContextWindow { get; init; }

    public int? MaxModelLen { get; init; }
}
