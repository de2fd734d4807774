using FakeAI.Protocol.Tokenization;

namespace FakeAI.Protocol.Tests.Tokenization;

/// <summary>Llama 2 / Mistral style <c>tokenizer.json</c> (Prepend + Replace normalizer, no pre-tokenizer, BPE with
/// <c>byte_fallback</c>) written by the test. The expected ids are what Hugging Face's tokenizers library gives: the whole
/// "▁"-joined text is one word, and a character missing from the vocabulary becomes its UTF-8 byte tokens, or
/// <c>&lt;unk&gt;</c> when a byte token is missing too.</summary>
public sealed class ByteFallbackBpeTokenizerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-bytefallback-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Json(bool byteFallback, bool fuseUnknown) => $$$"""
        {
          "version": "1.0",
          "added_tokens": [
            {"id": 0, "content": "<unk>", "normalized": false, "special": true},
            {"id": 1, "content": "<s>", "normalized": false, "special": true},
            {"id": 2, "content": "</s>", "normalized": false, "special": true}
          ],
          "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "▁"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}
          ]},
          "pre_tokenizer": null,
          "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, {"type": "Fuse"}]},
          "model": {
            "type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null, "end_of_word_suffix": null,
            "fuse_unk": {{{(fuseUnknown ? "true" : "false")}}}, "byte_fallback": {{{(byteFallback ? "true" : "false")}}},
            "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "<0xC3>": 3, "<0xA9>": 4, "<0xE2>": 5, "<0x82>": 6, "<0xAC>": 7,
                      "▁": 8, "h": 9, "i": 10, "▁h": 11, "▁hi": 12},
            "merges": ["▁ h", "▁h i"]
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
    [InlineData("hi", new[] { 12 })]
    [InlineData("hi hi", new[] { 12, 12 })]                       // "▁hi▁hi" is one word: merges run across the "▁"
    [InlineData("hi \u00E9", new[] { 12, 8, 3, 4 })]              // é is not in the vocabulary: <0xC3> <0xA9>
    [InlineData("\u20AC", new[] { 8, 5, 6, 7 })]                  // € is three bytes
    [InlineData("\U0001F600\U0001F600", new[] { 8, 0 })]          // no <0xF0> token: <unk>, fused (fuse_unk)
    [InlineData("\u00E9\U0001F600", new[] { 8, 3, 4, 0 })]
    [InlineData("hi</s>", new[] { 12, 2 })]                       // added tokens stay whole
    [InlineData("</s>hi </s> ", new[] { 2, 12, 8, 2, 8, 8 })]     // the text between them is normalized piece by piece
    public void Unknown_characters_fall_back_to_their_utf8_bytes(string text, int[] expected)
    {
        var tokenizer = LocalTokenizer.Load(Write("llama/tokenizer.json", Json(byteFallback: true, fuseUnknown: true)));

        Assert.Equal(expected, tokenizer.EncodeToIds(text));
        Assert.Equal(expected.Length, tokenizer.CountTokens(text));
    }

    [Fact]
    public void Unfused_unknowns_stay_one_per_character()
    {
        var tokenizer = LocalTokenizer.Load(Write("unfused/tokenizer.json", Json(byteFallback: true, fuseUnknown: false)));
        Assert.Equal([8, 0, 0], tokenizer.EncodeToIds("\U0001F600\U0001F600"));
    }

    [Fact]
    public void Without_byte_fallback_unknown_characters_are_unk()
    {
        var tokenizer = LocalTokenizer.Load(Write("nofallback/tokenizer.json", Json(byteFallback: false, fuseUnknown: true)));
        Assert.Equal([12, 8, 0], tokenizer.EncodeToIds("hi \u00E9\u20AC"));  // é and € fuse into one <unk>
    }
}
