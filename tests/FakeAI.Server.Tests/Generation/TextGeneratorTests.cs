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
                var text = completion.ContentText();
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
            .Select(i => TextGenerator.Generate(vocabulary, TextGenerator.ChoiceSeed(requestSeed, i), 0, 12, null, 0).ContentText())
            .ToArray();

        Assert.Equal(requestSeed, TextGenerator.ChoiceSeed(requestSeed, 0));
        Assert.Equal(128, texts.Distinct().Count());
    }

    [Fact]
    public void Text_reads_like_sentences_and_is_deterministic_per_seed()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);

        var a = TextGenerator.Generate(vocabulary, 42, 0, 60, null, 0).ContentText();
        var b = TextGenerator.Generate(vocabulary, 42, 0, 60, null, 0).ContentText();
        var c = TextGenerator.Generate(vocabulary, 43, 0, 60, null, 0).ContentText();

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

        Assert.Equal(10, completion.ReasoningTokens);
        Assert.Equal(30, completion.ContentIds().Length);
        Assert.Equal(40, completion.TotalTokens);
        Assert.Equal("length", completion.FinishReason);
    }

    [Fact]
    public void The_cursor_streams_exactly_the_planned_text_and_the_answer_starts_a_new_text()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        var completion = TextGenerator.Generate(vocabulary, 9, 25, 40, null, 0);

        var cursor = completion.Tokens();
        var streamed = new int[completion.TotalTokens];
        for (var i = 0; i < streamed.Length; i++)
        {
            streamed[i] = cursor.Next();
        }

        Assert.Equal(completion.ReasoningText(), vocabulary.Concat(streamed.AsSpan(0, 25)));
        Assert.Equal(completion.ContentText(), vocabulary.Concat(streamed.AsSpan(25)));
        Assert.True(char.IsUpper(completion.ContentText()[0]), completion.ContentText());
        Assert.Equal(40, vocabulary.Tokenizer.CountTokens(completion.ContentText()));
    }

    [Fact]
    public void Stop_string_spanning_tokens_drops_every_overlapping_token()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        var full = TextGenerator.Generate(vocabulary, 5, 0, 40, null, 0);
        var ids = full.ContentIds();
        var second = vocabulary.Tokens[ids[1]].Text;
        var third = vocabulary.Tokens[ids[2]].Text;
        var stop = second[^1..] + third[..2];

        var stopped = TextGenerator.Generate(vocabulary, 5, 0, 40, [stop], 0);

        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(ids[..1], stopped.ContentIds());
    }
}
