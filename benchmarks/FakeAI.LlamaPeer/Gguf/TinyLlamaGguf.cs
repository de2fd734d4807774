using System.Globalization;

namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// Writes a llama-architecture GGUF with seeded random F32 (or F16) weights and <see cref="TinyVocabulary"/>: the metadata keys
/// and tensor names and shapes llama.cpp's llama loader requires (its LLM_ARCH_LLAMA tensor list), nothing more.
/// The text it generates is noise; its cost per token is a real transformer's of that size.
/// </summary>
internal static class TinyLlamaGguf
{
    /// <summary>
    /// The token ids the peer generates from (comma-separated): the whole words, so a client that counts output tokens
    /// with its own tokenizer counts one per generated token.
    /// </summary>
    public const string OutputTokensKey = "fakeai.output_token_ids";

    private const uint Alignment = 32;
    private const float WeightScale = 0.02f;

    public static void Write(string path, TinyModelShape shape, int seed)
    {
        var vocabulary = new TinyVocabulary();
        var writer = new GgufWriter(Alignment);
        writer.Add("general.architecture", "llama");
        writer.Add("general.name", "fakeai-tiny-random");
        writer.Add("general.file_type", shape.Half ? 1u : 0u); // LLAMA_FTYPE_MOSTLY_F16 or ALL_F32
        writer.Add("llama.context_length", (uint)shape.ContextLength);
        writer.Add("llama.embedding_length", (uint)shape.Embedding);
        writer.Add("llama.block_count", (uint)shape.Layers);
        writer.Add("llama.feed_forward_length", (uint)shape.FeedForward);
        writer.Add("llama.attention.head_count", (uint)shape.Heads);
        writer.Add("llama.attention.head_count_kv", (uint)shape.Heads);
        writer.Add("llama.rope.dimension_count", (uint)(shape.Embedding / shape.Heads));
        writer.Add("llama.rope.freq_base", 10000f);
        writer.Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.Add("llama.vocab_size", (uint)vocabulary.Tokens.Count);
        writer.Add("tokenizer.ggml.model", "llama");
        writer.Add("tokenizer.ggml.tokens", vocabulary.Tokens);
        writer.Add("tokenizer.ggml.scores", vocabulary.Scores);
        writer.Add("tokenizer.ggml.token_type", vocabulary.Types);
        writer.Add("tokenizer.ggml.unknown_token_id", (uint)TinyVocabulary.UnknownId);
        writer.Add("tokenizer.ggml.bos_token_id", (uint)TinyVocabulary.BosId);
        writer.Add("tokenizer.ggml.eos_token_id", (uint)TinyVocabulary.EosId);
        writer.Add("tokenizer.ggml.add_bos_token", true);
        writer.Add("tokenizer.ggml.add_eos_token", false);
        writer.Add(OutputTokensKey, string.Join(',', vocabulary.WordIds.Select(id => id.ToString(CultureInfo.InvariantCulture))));

        // One generator in a fixed order, so the same seed and shape give the same file.
        var random = new Random(seed);
        long vocab = vocabulary.Tokens.Count, embd = shape.Embedding, ff = shape.FeedForward;
        writer.AddTensor(RandomMatrix("token_embd.weight", random, embd, vocab, shape.Half));
        for (var layer = 0; layer < shape.Layers; layer++)
        {
            var block = string.Create(CultureInfo.InvariantCulture, $"blk.{layer}.");
            writer.AddTensor(Ones(block + "attn_norm.weight", embd));
            writer.AddTensor(RandomMatrix(block + "attn_q.weight", random, embd, embd, shape.Half));
            writer.AddTensor(RandomMatrix(block + "attn_k.weight", random, embd, embd, shape.Half));
            writer.AddTensor(RandomMatrix(block + "attn_v.weight", random, embd, embd, shape.Half));
            writer.AddTensor(RandomMatrix(block + "attn_output.weight", random, embd, embd, shape.Half));
            writer.AddTensor(Ones(block + "ffn_norm.weight", embd));
            writer.AddTensor(RandomMatrix(block + "ffn_gate.weight", random, embd, ff, shape.Half));
            writer.AddTensor(RandomMatrix(block + "ffn_down.weight", random, ff, embd, shape.Half));
            writer.AddTensor(RandomMatrix(block + "ffn_up.weight", random, embd, ff, shape.Half));
        }

        writer.AddTensor(Ones("output_norm.weight", embd));
        writer.AddTensor(RandomMatrix("output.weight", random, embd, vocab, shape.Half));

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Written aside and moved into place, so a reader never sees half a model.
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            writer.WriteTo(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static GgufTensor Ones(string name, long length) => new(name, [length], Half: false, values => values.Fill(1f));

    private static GgufTensor RandomMatrix(string name, Random random, long columns, long rows, bool half) =>
        new(name, [columns, rows], half, values =>
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ((random.NextSingle() * 2) - 1) * WeightScale;
            }
        });
}
