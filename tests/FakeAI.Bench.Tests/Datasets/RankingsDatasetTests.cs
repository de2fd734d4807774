using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Datasets;

public sealed class RankingsDatasetTests
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);

    private static ProfileConfig Config => new() { Models = ["m"], Url = "localhost:1", RandomSeed = 7, ConversationNum = 20, EndpointType = EndpointType.Rankings };

    [Fact]
    public void Synthetic_rankings_send_one_query_and_the_default_ten_passages_as_NIM_expects()
    {
        var dataset = DatasetBuilder.Build(Config, Tokenizer);

        foreach (var turn in dataset.Conversations.Select(c => c.Turns[0]))
        {
            using var payload = JsonDocument.Parse(turn.Payloads[0]);
            var root = payload.RootElement;
            Assert.Equal(["model", "passages", "query"], root.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("m", root.GetProperty("model").GetString());
            var query = root.GetProperty("query").GetProperty("text").GetString()!;
            var passages = root.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("text").GetString()!).ToArray();
            Assert.Equal(32, Tokenizer.CountTokens(query));
            Assert.Equal(10, passages.Length);
            Assert.All(passages, p => Assert.Equal(128, Tokenizer.CountTokens(p)));
            Assert.Equal(32 + (10 * 128), turn.InputTokens);
        }
    }

    [Fact]
    public void Passage_count_and_lengths_follow_the_rankings_options()
    {
        var dataset = DatasetBuilder.Build(
            Config with { RankingsPassagesMean = 4, RankingsPassagesStddev = 2, RankingsPassageTokensMean = 20, RankingsQueryTokensMean = 5, OutputTokensMean = 50 },
            Tokenizer);

        var counts = dataset.Conversations.Select(c => JsonDocument.Parse(c.Turns[0].Payloads[0]).RootElement.GetProperty("passages").GetArrayLength()).ToArray();
        Assert.All(counts, n => Assert.True(n >= 1));
        Assert.True(counts.Distinct().Count() > 1, "a standard deviation varies the passage count");
        using var first = JsonDocument.Parse(dataset.Conversations[0].Turns[0].Payloads[0]);
        Assert.Equal(5, Tokenizer.CountTokens(first.RootElement.GetProperty("query").GetProperty("text").GetString()!));
        Assert.False(first.RootElement.TryGetProperty("max_tokens", out _));
        Assert.False(first.RootElement.TryGetProperty("stream", out _));
    }

    [Fact]
    public void Invalid_rankings_options_are_reported()
    {
        var errors = (Config with { RankingsPassagesMean = 0, RankingsQueryTokensStddev = -1 }).Validate();

        Assert.Contains("rankings passages mean must be >= 1", errors);
        Assert.Contains("rankings query tokens stddev must be >= 0", errors);
    }
}
