using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Generation;

namespace FakeAI.Server.Tests.Generation;

public sealed class TextGeneratorTests
{
    [Theory]
    [InlineData(TokenizerEncoding.O200kBase)]
    [InlineData(TokenizerEncoding.Cl100kBase)]
    public void Every_vocabulary_entry_is_one_token(TokenizerEncoding encoding)
    {
        var vocabulary = Vocabulary.Get(encoding);

        Assert.All(vocabulary.Tokens, t => Assert.Equal(1, vocabulary.Tokenizer.CountTokens(t.Text)));
        Assert.True(vocabulary.MiddleWords.Length > 200);
    }

    [Theory]
    [InlineData(TokenizerEncoding.O200kBase)]
    [InlineData(TokenizerEncoding.Cl100kBase)]
    public void Generated_text_re_encodes_to_exactly_the_generated_count(TokenizerEncoding encoding)
    {
        var vocabulary = Vocabulary.Get(encoding);
        int[] lengths = [1, 2, 3, 7, 16, 100, 257, 1000];
        for (var seed = 0UL; seed < 60; seed++)
        {
            foreach (var length in lengths)
            {
                var completion = TextGenerator.Generate(vocabulary, seed, 0, length, null, 0);
                var text = vocabulary.Concat(completion.Content);
                Assert.True(
                    vocabulary.Tokenizer.CountTokens(text) == length,
                    $"seed {seed}, length {length}: '{text}' re-encodes to {vocabulary.Tokenizer.CountTokens(text)} tokens");
            }
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void Choice_seeds_keep_choice_0_and_give_every_choice_its_own_text(ulong requestSeed)
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);

        var texts = Enumerable.Range(0, 128)
            .Select(i => vocabulary.Concat(TextGenerator.Generate(vocabulary, TextGenerator.ChoiceSeed(requestSeed, i), 0, 12, null, 0).Content))
            .ToArray();

        Assert.Equal(requestSeed, TextGenerator.ChoiceSeed(requestSeed, 0));
        Assert.Equal(128, texts.Distinct().Count());
    }

    [Fact]
    public void Text_reads_like_sentences_and_is_deterministic_per_seed()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);

        var a = vocabulary.Concat(TextGenerator.Generate(vocabulary, 42, 0, 60, null, 0).Content);
        var b = vocabulary.Concat(TextGenerator.Generate(vocabulary, 42, 0, 60, null, 0).Content);
        var c = vocabulary.Concat(TextGenerator.Generate(vocabulary, 43, 0, 60, null, 0).Content);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(char.IsUpper(a[0]));
        Assert.Contains(". ", a, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", a, StringComparison.Ordinal);
        Assert.DoesNotContain(",.", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasoning_and_content_split_the_budget()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);

        var completion = TextGenerator.Generate(vocabulary, 1, 10, 30, null, 0);

        Assert.Equal(10, completion.Reasoning.Length);
        Assert.Equal(30, completion.Content.Length);
        Assert.Equal(40, completion.TotalTokens);
        Assert.Equal("length", completion.FinishReason);
    }

    [Fact]
    public void Stop_string_spanning_tokens_drops_every_overlapping_token()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        var full = TextGenerator.Generate(vocabulary, 5, 0, 40, null, 0);
        var second = vocabulary.Tokens[full.Content[1]].Text;
        var third = vocabulary.Tokens[full.Content[2]].Text;
        var stop = second[^1..] + third[..2];

        var stopped = TextGenerator.Generate(vocabulary, 5, 0, 40, [stop], 0);

        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(full.Content[..1], stopped.Content);
    }
}
