using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Catalog;

/// <summary>What the server knows about a model id.</summary>
/// <param name="Id">The id clients send.</param>
/// <param name="OwnedBy">The <c>owned_by</c> field of <c>/v1/models</c>.</param>
/// <param name="ContextWindow">Maximum prompt + completion tokens.</param>
/// <param name="Tokenizer">Encoding for prompt counting and generated text; null means the server default.</param>
/// <param name="IsReasoning">Emits <c>reasoning_content</c> before the answer.</param>
/// <param name="EmbeddingDimensions">Default vector size for an embedding model; null for chat models.</param>
internal sealed record ModelDescriptor(
    string Id,
    string OwnedBy,
    int ContextWindow,
    TokenizerEncoding? Tokenizer = null,
    bool IsReasoning = false,
    int? EmbeddingDimensions = null);
