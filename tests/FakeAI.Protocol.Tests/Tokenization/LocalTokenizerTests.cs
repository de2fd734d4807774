using System.Text;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Protocol.Tests.Tokenization;

/// <summary>Every tokenizer here is a tiny file the test writes itself; nothing is downloaded.</summary>
public sealed class LocalTokenizerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A byte-level BPE (GPT-2 style: "Ġ" is the space byte) that knows "hello" and " world" as single tokens.</summary>
    private static string ByteLevelJson(bool pairMerges) =>
        $$"""
        {
          "version": "1.0",
          "added_tokens": [{"id": 100, "content": "<|eot|>", "special": true}],
          "normalizer": null,
          "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
          "model": {
            "type": "BPE", "unk_token": null, "fuse_unk": false, "byte_fallback": false,
            "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "w": 5, "r": 6, "d": 7, "he": 8, "ll": 9, "llo": 10,
                      "hello": 11, "Ġw": 12, "or": 13, "Ġwor": 14, "ld": 15, "Ġworld": 16},
            "merges": {{(pairMerges
                ? """[["h","e"],["l","l"],["ll","o"],["he","llo"],["Ġ","w"],["o","r"],["Ġw","or"],["l","d"],["Ġwor","ld"]]"""
                : """["h e","l l","ll o","he llo","Ġ w","o r","Ġw or","l d","Ġwor ld"]""")}}
          }
        }
        """;

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Byte_level_tokenizer_json_applies_its_merges(bool pairMerges)
    {
        var tokenizer = LocalTokenizer.Load(Write($"bpe{pairMerges}/tokenizer.json", ByteLevelJson(pairMerges)));

        Assert.Equal(2, tokenizer.CountTokens("hello world"));      // "hello", "Ġworld"
        Assert.Equal(3, tokenizer.CountTokens("hello hello"));      // "hello", "Ġ", "hello": no "Ġ hello" merge
        Assert.Equal(["hello", "Ġworld"], tokenizer.EncodeToTokens("hello world", out _).Select(t => t.Value));
        Assert.Equal("hello world", tokenizer.Decode(tokenizer.EncodeToIds("hello world")));
    }

    [Fact]
    public void A_folder_is_searched_for_tokenizer_json_first()
    {
        Write("model-dir/tokenizer.json", ByteLevelJson(pairMerges: false));
        Assert.True(LocalTokenizer.TryLoad(Path.Combine(_directory, "model-dir"), out var tokenizer, out var error), error);
        Assert.Equal(2, tokenizer!.CountTokens("hello world"));
    }

    [Fact]
    public void Metaspace_tokenizer_json_rewrites_spaces_before_bpe()
    {
        var json = """
            {
              "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
              "model": {"type": "BPE", "vocab": {"▁": 0, "h": 1, "i": 2, "▁h": 3, "▁hi": 4},
                        "merges": ["▁ h", "▁h i"]}
            }
            """;
        var tokenizer = LocalTokenizer.Load(Write("meta/tokenizer.json", json));
        Assert.Equal(["▁hi", "▁hi"], tokenizer.EncodeToTokens("hi hi", out _).Select(t => t.Value));
    }

    [Fact]
    public void Sentencepiece_model_is_loaded_from_its_protobuf()
    {
        var model = Path.Combine(_directory, "sp", "tokenizer.model");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.WriteAllBytes(model, SentencePieceModel(
            ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3),
            ("▁hello", -1, 1), ("▁world", -1, 1), ("▁", -5, 1),
            ("h", -6, 1), ("e", -6, 1), ("l", -6, 1), ("o", -6, 1), ("w", -6, 1), ("r", -6, 1), ("d", -6, 1)));

        // Folder lookup falls back to tokenizer.model when there is no tokenizer.json.
        var tokenizer = LocalTokenizer.Load(Path.GetDirectoryName(model)!);
        Assert.Equal(2, tokenizer.CountTokens("hello world"));      // "▁hello", "▁world"; no BOS/EOS counted
        Assert.Equal(3, tokenizer.CountTokens("hello world hello"));
    }

    [Theory]
    [InlineData("spiece.model")]
    [InlineData("sentencepiece.bpe.model")]
    public void A_folder_with_a_unigram_tokenizer_json_uses_the_sentencepiece_file_beside_it(string name)
    {
        Write("t5/tokenizer.json", """{"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["▁hello", -1.0]]}}""");
        File.WriteAllBytes(Path.Combine(_directory, "t5", name), SentencePieceModel(
            ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3), ("▁hello", -1, 1), ("▁world", -1, 1), ("▁", -5, 1),
            ("h", -6, 1), ("e", -6, 1), ("l", -6, 1), ("o", -6, 1), ("w", -6, 1), ("r", -6, 1), ("d", -6, 1)));

        Assert.True(LocalTokenizer.TryLoad(Path.Combine(_directory, "t5"), out var tokenizer, out var error), error);
        Assert.Equal(2, tokenizer!.CountTokens("hello world"));
        Assert.False(LocalTokenizer.TryLoad(Path.Combine(_directory, "t5", "tokenizer.json"), out _, out error));
        Assert.Contains("or the folder holding both", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "no such file or folder")]
    [InlineData("empty-dir", "holds neither tokenizer.json nor tokenizer.model")]
    [InlineData("wordlevel.json", "model type 'WordLevel' is not supported (only BPE and WordPiece)")]
    [InlineData("unigram.json", "model type 'Unigram' (T5, XLM-R style) is not supported from tokenizer.json; pass the model's SentencePiece file instead")]
    [InlineData("wordpiece-no-unk.json", "The unknown token '[UNK]' is not in the vocabulary")]
    [InlineData("no-model.json", "no \"model\" object")]
    public void Unusable_paths_fail_with_one_clear_reason(string name, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty-dir"));
        Write("wordlevel.json", """{"model": {"type": "WordLevel", "vocab": {}}}""");
        Write("unigram.json", """{"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["▁hi", -1.5]]}}""");
        Write("wordpiece-no-unk.json", """{"model": {"type": "WordPiece", "vocab": {"hi": 0}}}""");
        Write("no-model.json", """{"version": "1.0"}""");

        Assert.False(LocalTokenizer.TryLoad(Path.Combine(_directory, name), out var tokenizer, out var error));
        Assert.Null(tokenizer);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>A SentencePiece Unigram <c>ModelProto</c>: pieces (field 1: piece, score, type), trainer_spec (field 2:
    /// model_type UNIGRAM, unk/bos/eos ids) and normalizer_spec (field 3: identity, dummy prefix, whitespace escaping).</summary>
    private static byte[] SentencePieceModel(params (string Piece, float Score, int Type)[] pieces)
    {
        using var model = new MemoryStream();
        foreach (var (piece, score, type) in pieces)
        {
            using var entry = new MemoryStream();
            WriteBytes(entry, 1, Encoding.UTF8.GetBytes(piece));
            WriteTag(entry, 2, 5);
            entry.Write(BitConverter.GetBytes(score));
            WriteVarintField(entry, 3, type);
            WriteBytes(model, 1, entry.ToArray());
        }

        using var trainer = new MemoryStream();
        WriteVarintField(trainer, 3, 1);  // model_type = UNIGRAM
        WriteVarintField(trainer, 4, pieces.Length);
        WriteVarintField(trainer, 40, 0); // unk_id
        WriteVarintField(trainer, 41, 1); // bos_id
        WriteVarintField(trainer, 42, 2); // eos_id
        WriteBytes(model, 2, trainer.ToArray());

        using var normalizer = new MemoryStream();
        WriteBytes(normalizer, 1, "identity"u8.ToArray());
        WriteVarintField(normalizer, 3, 1); // add_dummy_prefix
        WriteVarintField(normalizer, 4, 1); // remove_extra_whitespaces
        WriteVarintField(normalizer, 5, 1); // escape_whitespaces
        WriteBytes(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static void WriteTag(Stream stream, int field, int wireType) => WriteVarint(stream, (ulong)((field << 3) | wireType));

    private static void WriteVarintField(Stream stream, int field, long value)
    {
        WriteTag(stream, field, 0);
        WriteVarint(stream, (ulong)value);
    }

    private static void WriteBytes(Stream stream, int field, byte[] bytes)
    {
        WriteTag(stream, field, 2);
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
