using System.Collections.Frozen;

namespace FakeAI.Server.Catalog;

/// <summary>
/// The built-in models. Unknown ids are synthesised on the fly (benchmarks name arbitrary models) unless the server runs
/// with strict models.
/// </summary>
internal sealed class ModelCatalog
{
    /// <summary>Default vector size of an embedding request for a model without one.</summary>
    public const int DefaultEmbeddingDimensions = 1536;

    private static readonly ModelDescriptor[] BuiltIn =
    [
        new("openai/gpt-oss-120b", "openai", 131_072, IsReasoning: true),
        new("openai/gpt-oss-20b", "openai", 131_072, IsReasoning: true),
        new("meta-llama/Llama-3.1-8B-Instruct", "meta-llama", 131_072),
        new("meta-llama/Llama-3.1-70B-Instruct", "meta-llama", 131_072),
        new("deepseek-ai/DeepSeek-R1", "deepseek-ai", 163_840, IsReasoning: true),
        new("Qwen/Qwen3-8B", "Qwen", 40_960),
        new("sentence-transformers/all-mpnet-base-v2", "sentence-transformers", 512, EmbeddingDimensions: 768),
        new("gpt-4o", "openai", 128_000),
        new("gpt-4o-mini", "openai", 128_000),
        new("gpt-4.1", "openai", 1_047_576),
        new("gpt-4.1-mini", "openai", 1_047_576),
        new("gpt-4-turbo", "openai", 128_000, Protocol.Tokenization.TokenizerEncoding.Cl100kBase),
        new("gpt-4", "openai", 8_192, Protocol.Tokenization.TokenizerEncoding.Cl100kBase),
        new("gpt-3.5-turbo", "openai", 16_385, Protocol.Tokenization.TokenizerEncoding.Cl100kBase),
        new("o1", "openai", 200_000, IsReasoning: true),
        new("o3-mini", "openai", 200_000, IsReasoning: true),
        new("text-embedding-3-small", "openai", 8_191, Protocol.Tokenization.TokenizerEncoding.Cl100kBase, EmbeddingDimensions: 1536),
        new("text-embedding-3-large", "openai", 8_191, Protocol.Tokenization.TokenizerEncoding.Cl100kBase, EmbeddingDimensions: 3072),
        new("text-embedding-ada-002", "openai", 8_191, Protocol.Tokenization.TokenizerEncoding.Cl100kBase, EmbeddingDimensions: 1536),
    ];

    private readonly FrozenDictionary<string, ModelDescriptor> _byId;
    private readonly bool _strict;
    private readonly int _defaultContextWindow;

    public ModelCatalog(bool strict, int defaultContextWindow)
    {
        _byId = BuiltIn.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
        _strict = strict;
        _defaultContextWindow = defaultContextWindow;
    }

    public static IReadOnlyList<ModelDescriptor> All => BuiltIn;

    /// <summary>The descriptor of <paramref name="id"/>; false only when strict and the id is unknown.</summary>
    public bool TryResolve(string id, out ModelDescriptor model)
    {
        if (_byId.TryGetValue(id, out model!))
        {
            return true;
        }

        if (_strict)
        {
            return false;
        }

        model = new ModelDescriptor(id, "fakeai", _defaultContextWindow, IsReasoning: LooksLikeReasoning(id));
        return true;
    }

    private static bool LooksLikeReasoning(string id) =>
        id.Contains("gpt-oss", StringComparison.OrdinalIgnoreCase) ||
        id.Contains("DeepSeek-R1", StringComparison.OrdinalIgnoreCase);
}
