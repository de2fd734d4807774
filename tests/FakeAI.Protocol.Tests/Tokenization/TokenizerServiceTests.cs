using FakeAI.Protocol.Tokenization;

namespace FakeAI.Protocol.Tests.Tokenization;

public sealed class TokenizerServiceTests
{
    [Theory]
    [InlineData(TokenizerEncoding.O200kBase, "hello world", 2)]
    [InlineData(TokenizerEncoding.Cl100kBase, "hello world", 2)]
    public void Encodings_load_offline_and_count_tokens(TokenizerEncoding encoding, string text, int expected)
    {
        var tokenizer = TokenizerService.Get(encoding);

        Assert.Equal(expected, tokenizer.CountTokens(text));
    }

    [Fact]
    public void Same_instance_is_shared()
    {
        Assert.Same(TokenizerService.Get(TokenizerEncoding.O200kBase), TokenizerService.Get(TokenizerEncoding.O200kBase));
    }

    [Theory]
    [InlineData("o200k_base", TokenizerEncoding.O200kBase)]
    [InlineData("CL100K_BASE", TokenizerEncoding.Cl100kBase)]
    public void Names_parse(string name, TokenizerEncoding expected)
    {
        Assert.True(TokenizerService.TryParse(name, out var encoding));
        Assert.Equal(expected, encoding);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_are_rejected(string? name)
    {
        Assert.False(TokenizerService.TryParse(name, out _));
    }
}
