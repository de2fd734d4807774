using FakeAI.Protocol.Completions;

namespace FakeAI.Protocol.Embeddings;

/// <summary><c>POST /v1/embeddings</c> request body.</summary>
public sealed record EmbeddingRequest
{
    public string? Model { get; init; }

    public PromptInput? Input { get; init; }

    public int? Dimensions { get; init; }

    /// <summary><c>float</c> (default) or <c>base64</c> (little-endian float32).</summary>
    public string? EncodingFormat { get; init; }

    public string? User { get; init; }
}
