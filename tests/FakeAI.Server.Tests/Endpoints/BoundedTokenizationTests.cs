using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Endpoints;

namespace FakeAI.Server.Tests.Endpoints;

public sealed class BoundedTokenizationTests
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);

    [Fact]
    public void Text_without_a_long_run_is_encoded_exactly_as_the_tokenizer_does()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 400));
        var ids = new List<int>();

        Assert.Equal(Tokenizer.CountTokens(text), BoundedTokenization.Count(Tokenizer, text));
        Assert.Equal(Tokenizer.CountTokens(text), BoundedTokenization.Encode(Tokenizer, text, ids));
        Assert.Equal(Tokenizer.EncodeToIds(text), ids);
    }

    [Theory]
    [InlineData('a')]
    [InlineData(' ')]
    [InlineData('#')]
    public void A_long_run_is_cut_every_thousand_characters_and_counts_about_what_it_would_whole(char c)
    {
        var text = "start " + new string(c, 5_500) + " end";
        var whole = Tokenizer.CountTokens(text);
        var bounded = BoundedTokenization.Count(Tokenizer, text);
        var ids = new List<int>();

        Assert.Equal(bounded, BoundedTokenization.Encode(Tokenizer, text, ids));
        Assert.Equal(text, Tokenizer.Decode(ids));
        Assert.InRange(bounded, whole, whole + 12); // at most two extra tokens per cut (five cuts here)
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("\U0001F600", 1_500)); // 3,000 UTF-16 units, one run
        var ids = new List<int>();
        BoundedTokenization.Encode(Tokenizer, text, ids);
        Assert.Equal(text, Tokenizer.Decode(ids));
    }

    [Fact]
    public void A_prefix_of_a_long_run_keeps_at_most_the_limit()
    {
        var text = new string('x', 10_000) + " tail";
        var length = BoundedTokenization.PrefixLength(Tokenizer, text, 500, out var kept);

        Assert.Equal(500, kept);
        Assert.Equal(kept, BoundedTokenization.Count(Tokenizer, text[..length]));
        Assert.Equal(text.Length, BoundedTokenization.PrefixLength(Tokenizer, text, 1_000_000, out var all));
        Assert.Equal(BoundedTokenization.Count(Tokenizer, text), all);
    }

    [Fact]
    public void A_word_of_160_thousand_letters_counts_in_linear_time()
    {
        // Whole, BPE took 9 s for this on the development machine (quadratic); cut, it is a few hundred small pieces.
        var word = string.Concat(Enumerable.Range(0, 160_000).Select(i => (char)('a' + ((i * 7919) % 26))));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.True(BoundedTokenization.Count(Tokenizer, word) > 0);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "generous bound; the whole word took 9 s");
    }
}
