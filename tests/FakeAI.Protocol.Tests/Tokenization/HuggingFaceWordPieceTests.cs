using FakeAI.Protocol.Tokenization;

namespace FakeAI.Protocol.Tests.Tokenization;

/// <summary>WordPiece <c>tokenizer.json</c> files (BERT, MPNet, BGE) written by the test. The expected ids are what Hugging
/// Face's tokenizers library gives for these tiny vocabularies: BertNormalizer, then BertPreTokenizer, then greedy
/// longest-match-first WordPiece where a word with any unmatched remainder is one [UNK].</summary>
public sealed class HuggingFaceWordPieceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-wordpiece-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>bert-base-uncased's layout: lowercasing (hence accent stripping), CJK padding, [CLS]/[SEP] added tokens.</summary>
    internal const string UncasedJson = """
        {
          "version": "1.0",
          "added_tokens": [
            {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 2, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
          ],
          "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
          "pre_tokenizer": {"type": "BertPreTokenizer"},
          "post_processor": {"type": "TemplateProcessing"},
          "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
          "model": {
            "type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
            "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5, "un": 6, "##aff": 7, "##able": 8,
                      ",": 9, "!": 10, "cafe": 11, "$": 12, "5": 13, "中": 14, "play": 15, "##ing": 16}
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
    [InlineData("Hello, World!", new[] { 4, 9, 5, 10 })]          // lowercased; punctuation split off
    [InlineData("unaffable", new[] { 6, 7, 8 })]                  // un ##aff ##able: continuation pieces
    [InlineData("Playing!", new[] { 15, 16, 10 })]
    [InlineData("CAF\u00C9 caf\u00E9", new[] { 11, 11 })]         // accents stripped (lowercase implies it)
    [InlineData("$5", new[] { 12, 13 })]                          // ASCII symbols are punctuation to BERT
    [InlineData("hello\U0001F600", new[] { 1 })]                  // one unknown character makes the whole word [UNK]
    [InlineData("hello \U0001F600", new[] { 4, 1 })]
    [InlineData("\u4E2D\u6587", new[] { 14, 1 })]                 // each CJK ideograph is a word of its own
    [InlineData("hello\nworld\tworld", new[] { 4, 5, 5 })]        // line breaks and tabs separate words
    [InlineData("hel\u200Blo", new[] { 4 })]                      // format characters (zero-width space) are dropped
    [InlineData("[CLS] Hello [SEP]", new[] { 2, 4, 3 })]          // added tokens match before lowercasing
    [InlineData("", new int[0])]
    public void Uncased_wordpiece_counts_as_hugging_face_does(string text, int[] expected)
    {
        var tokenizer = LocalTokenizer.Load(Write("uncased/tokenizer.json", UncasedJson));

        Assert.Equal(expected, tokenizer.EncodeToIds(text));
        Assert.Equal(expected.Length, tokenizer.CountTokens(text));
    }

    [Theory]
    [InlineData("null", "Hello hello caf\u00E9", new[] { 1, 2, 3 })]  // cased: no lowercasing, accents kept
    [InlineData("false", "Hello hello caf\u00E9", new[] { 1, 2, 3 })]
    [InlineData("true", "Hello hello caf\u00E9", new[] { 1, 2, 4 })]  // accents stripped, case kept
    [InlineData("null", "HELLO", new[] { 0 })]
    public void Cased_wordpiece_keeps_case_and_strips_accents_only_when_asked(string stripAccents, string text, int[] expected)
    {
        var json = $$$"""
            {
              "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": {{{stripAccents}}}, "lowercase": false},
              "pre_tokenizer": {"type": "BertPreTokenizer"},
              "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                        "vocab": {"[UNK]": 0, "Hello": 1, "hello": 2, "caf\u00e9": 3, "cafe": 4}}
            }
            """;
        var tokenizer = LocalTokenizer.Load(Write($"cased-{stripAccents}/tokenizer.json", json));
        Assert.Equal(expected, tokenizer.EncodeToIds(text));
    }

    [Fact]
    public void A_sequence_of_plain_normalizers_and_a_whitespace_pre_tokenizer_are_honoured()
    {
        var json = """
            {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "Lowercase"}, {"type": "StripAccents"}, {"type": "Strip", "strip_left": true, "strip_right": true}]},
             "pre_tokenizer": {"type": "Whitespace"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "cafe": 1, "!": 2, "##s": 3}}}
            """;
        var tokenizer = LocalTokenizer.Load(Write("plain/tokenizer.json", json));
        Assert.Equal([1, 3, 2, 0], tokenizer.EncodeToIds("  CAFÉS! ça  "));  // cafe ##s ! [UNK] (ça → ca)
    }

    [Fact]
    public void Words_longer_than_max_input_chars_per_word_are_unknown()
    {
        var tokenizer = LocalTokenizer.Load(Write("short/tokenizer.json", UncasedJson.Replace("\"max_input_chars_per_word\": 100", "\"max_input_chars_per_word\": 5", StringComparison.Ordinal)));
        Assert.Equal([4, 1], tokenizer.EncodeToIds("hello unaffable")); // "hello" has 5 characters, "unaffable" 9
    }

    [Fact]
    public void Vocabulary_ids_with_gaps_keep_their_ids()
    {
        var json = """
            {"pre_tokenizer": {"type": "WhitespaceSplit"},
             "model": {"type": "WordPiece", "unk_token": "<unk>", "vocab": {"<unk>": 3, "a": 7, "##b": 12}}}
            """;
        var tokenizer = LocalTokenizer.Load(Write("gaps/tokenizer.json", json));
        Assert.Equal([7, 12, 3], tokenizer.EncodeToIds("ab c"));
    }

    [Fact]
    public void Unsupported_pre_tokenizer_is_named()
    {
        var json = """{"pre_tokenizer": {"type": "Digits"}, "model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}}""";
        Assert.False(LocalTokenizer.TryLoad(Write("digits/tokenizer.json", json), out _, out var error));
        Assert.Contains("pre-tokenizer 'Digits' is not supported with WordPiece (BertPreTokenizer, Whitespace, WhitespaceSplit)", error, StringComparison.Ordinal);
    }
}
