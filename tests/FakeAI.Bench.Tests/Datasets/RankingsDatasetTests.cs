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

    private static (string Query, string[] Passages) Ranking(Turn turn)
    {
        var root = JsonDocument.Parse(turn.Payloads[0]).RootElement;
        return (root.GetProperty("query").GetProperty("text").GetString()!, [.. root.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)]);
    }

    [Fact]
    public void Named_texts_of_a_custom_file_give_the_query_and_every_passage_in_any_order()
    {
        var directory = Directory.CreateTempSubdirectory("fakeai-rankings-").FullName;
        try
        {
            var file = Path.Combine(directory, "rankings.jsonl");
            File.WriteAllText(file, """
                {"texts":[{"name":"passages","contents":["AI passage 1","AI passage 2"]},{"name":"query","contents":["What is AI?"]}]}
                {"texts":["Unnamed query","unnamed passage"]}
                """);
            var dataset = DatasetBuilder.Build(Config with { InputFile = file, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer);

            var (query, passages) = Ranking(dataset.Conversations[0].Turns[0]);
            Assert.Equal("What is AI?", query);
            Assert.Equal(["AI passage 1", "AI passage 2"], passages);
            (query, passages) = Ranking(dataset.Conversations[1].Turns[0]);
            Assert.Equal("Unnamed query", query);
            Assert.Equal(["unnamed passage"], passages);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_random_pool_folder_names_its_texts_after_its_files()
    {
        var directory = Directory.CreateTempSubdirectory("fakeai-pool-").FullName;
        try
        {
            // Sorted by name, passages.jsonl comes before query.jsonl: the names, not the order, pick the query.
            File.WriteAllText(Path.Combine(directory, "passages.jsonl"), "{\"text\":\"a passage\"}\n{\"text\":\"another passage\"}\n");
            File.WriteAllText(Path.Combine(directory, "query.jsonl"), "{\"text\":\"the query\"}\n");
            var dataset = DatasetBuilder.Build(Config with { InputFile = directory, CustomDatasetType = CustomDatasetType.RandomPool }, Tokenizer);

            Assert.All(dataset.Conversations, c =>
            {
                var (query, passages) = Ranking(c.Turns[0]);
                Assert.Equal("the query", query);
                Assert.Contains(Assert.Single(passages), new[] { "a passage", "another passage" });
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Named_texts_without_a_query_are_a_dataset_error()
    {
        var directory = Directory.CreateTempSubdirectory("fakeai-rankings-").FullName;
        try
        {
            var file = Path.Combine(directory, "rankings.jsonl");
            File.WriteAllText(file, """{"texts":[{"name":"passages","contents":["only passages"]}]}""");
            var e = Assert.Throws<DatasetException>(() => DatasetBuilder.Build(Config with { InputFile = file, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer));
            Assert.Contains("none named \"query\"", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Invalid_rankings_options_are_reported()
    {
        var errors = (Config with { RankingsPassagesMean = 0, RankingsQueryTokensStddev = -1 }).Validate();

        Assert.Contains("rankings passages mean must be >= 1", errors);
        Assert.Contains("rankings query tokens stddev must be >= 0", errors);
    }
}
