using System.Text.Json.Serialization;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Usage;

namespace FakeAI.Protocol.Embeddings;

/// <summary><c>{"object":"list","data":[...],"model","usage"}</c> of the embeddings endpoint.</summary>
public sealed record EmbeddingResponse
{
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "list";

    public required IReadOnlyList<EmbeddingData> Data { get; init; }

    public required string Model { get; init; }

    public required UsageInfo Usage { get; init; }
}

/// <summary>One embedding of the response.</summary>
public sealed record EmbeddingData
{
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "embedding";

    public int Index { get; init; }

    public required EmbeddingVector Embedding { get; init; }
}

/// <summary>An embedding written as a float array, or as base64 of little-endian float32 when requested.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public sealed class EmbeddingVector
{
    public EmbeddingVector(float[] values, bool asBase64)
    {
        Values = values;
        AsBase64 = asBase64;
    }

    public float[] Values { get; }

    public bool AsBase64 { get; }
}
