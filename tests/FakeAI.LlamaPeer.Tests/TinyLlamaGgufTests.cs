using System.Buffers.Binary;
using FakeAI.LlamaPeer.Gguf;
using LLama;
using LLama.Common;

namespace FakeAI.LlamaPeer.Tests;

public sealed class TinyLlamaGgufTests : IDisposable
{
    private static readonly TinyModelShape Shape = new(Layers: 1, Embedding: 16, FeedForward: 32, Heads: 2, ContextLength: 128);
    private readonly string _directory = Directory.CreateTempSubdirectory("gguf-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_file_is_GGUF_version_3_with_one_tensor_per_weight_and_its_data_aligned()
    {
        var path = Write("a.gguf", seed: 1);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal("GGUF"u8.ToArray(), bytes[..4]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        // token_embd, 9 per layer, output_norm, output.
        Assert.Equal(12ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0, bytes.Length % 32);
    }

    [Fact]
    public void The_same_seed_writes_the_same_file_and_another_seed_other_weights()
    {
        var first = File.ReadAllBytes(Write("a.gguf", seed: 1));
        var again = File.ReadAllBytes(Write("b.gguf", seed: 1));
        var other = File.ReadAllBytes(Write("c.gguf", seed: 2));

        Assert.Equal(first, again);
        Assert.Equal(first.Length, other.Length);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Llama_cpp_loads_the_F32_model_with_its_vocabulary_and_output_words()
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(Write("a.gguf", seed: 1)));

        Assert.Equal(new TinyVocabulary().Tokens.Count, weights.NativeHandle.Vocab.Count);
        Assert.Equal(16, weights.EmbeddingSize);
        Assert.True(weights.Metadata.ContainsKey(TinyLlamaGguf.OutputTokensKey));
    }

    [Fact]
    public void F16_stores_the_matrices_in_half_the_bytes()
    {
        var f32 = new FileInfo(Write("a.gguf", seed: 1)).Length;
        var path = Path.Combine(_directory, "h.gguf");
        TinyLlamaGguf.Write(path, Shape with { Half = true }, seed: 1);

        Assert.InRange(new FileInfo(path).Length, f32 / 2, f32 * 3 / 5);
    }

    [Fact]
    public void Impossible_shapes_are_reported_together()
    {
        var errors = new TinyModelShape(Layers: 0, Embedding: 30, FeedForward: 0, Heads: 4, ContextLength: 8).Validate();

        Assert.Equal(4, errors.Count);
    }

    private string Write(string name, int seed)
    {
        var path = Path.Combine(_directory, name);
        TinyLlamaGguf.Write(path, Shape, seed);
        return path;
    }
}
