using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Datasets;

public sealed class DatasetBuilderTests : IDisposable
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-dataset-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ProfileConfig Config => new() { Models = ["m"], Url = "localhost:1", RandomSeed = 42, ConversationNum = 8 };

    private string WriteFile(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, content);
        return path;
    }

    private static string PromptOf(Turn turn) =>
        JsonDocument.Parse(turn.Payloads[0]).RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;

    [Fact]
    public void Synthetic_prompts_have_the_exact_token_count_and_max_tokens()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 300, OutputTokensMean = 77 }, Tokenizer);
        Assert.Equal(8, dataset.Conversations.Count);
        foreach (var turn in dataset.Conversations.Select(c => c.Turns[0]))
        {
            Assert.Equal(300, Tokenizer.CountTokens(turn.Texts[0]));
            Assert.Equal(300, turn.InputTokens);
            using var payload = JsonDocument.Parse(turn.Payloads[0]);
            Assert.Equal(77, payload.RootElement.GetProperty("max_completion_tokens").GetInt32());
            Assert.Equal("text", payload.RootElement.GetProperty("messages")[0].GetProperty("name").GetString());
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_prompts_and_different_seeds_differ()
    {
        var a = DatasetBuilder.Build(Config with { InputTokensMean = 50, InputTokensStddev = 10 }, Tokenizer);
        var b = DatasetBuilder.Build(Config with { InputTokensMean = 50, InputTokensStddev = 10 }, Tokenizer);
        var c = DatasetBuilder.Build(Config with { InputTokensMean = 50, InputTokensStddev = 10, RandomSeed = 43 }, Tokenizer);
        Assert.Equal(a.Conversations.Select(x => x.Turns[0].Texts[0]), b.Conversations.Select(x => x.Turns[0].Texts[0]));
        Assert.Equal(a.Conversations.Select(x => x.SessionId), b.Conversations.Select(x => x.SessionId));
        Assert.NotEqual(a.Conversations.Select(x => x.Turns[0].Texts[0]), c.Conversations.Select(x => x.Turns[0].Texts[0]));
    }

    [Fact]
    public void Prefix_prompts_are_identical_token_sequences()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 20, NumPrefixPrompts = 1, PrefixPromptLength = 64 }, Tokenizer);
        var tokenized = dataset.Conversations.Select(c => Tokenizer.EncodeToIds(c.Turns[0].Texts[0])).ToArray();
        var prefix = tokenized[0].Take(64).ToArray();
        Assert.All(tokenized, ids =>
        {
            Assert.Equal(84, ids.Count);
            Assert.Equal(prefix, ids.Take(64));
        });
    }

    [Fact]
    public void Synthetic_prompts_are_sampled_at_random_unless_asked_to_go_in_order()
    {
        Assert.False(DatasetBuilder.Build(Config, Tokenizer).Sequential);
        var ordered = DatasetBuilder.Build(Config with { SampleSequentially = true, InputTokensMean = 64 }, Tokenizer);
        Assert.True(ordered.Sequential);
        Assert.Equal(8, ordered.Conversations.Select(c => c.Turns[0].Texts[0]).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Mooncake_hash_ids_map_to_identical_512_token_blocks()
    {
        var file = WriteFile(
            "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 10, \"hash_ids\": [1, 2, 3]}\n" +
            "{\"timestamp\": 50, \"input_length\": 1030, \"output_length\": 12, \"hash_ids\": [1, 2, 9]}\n" +
            "{\"timestamp\": 90, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [4, 5]}\n");
        var dataset = DatasetBuilder.Build(Config with { InputFile = file, CustomDatasetType = CustomDatasetType.MooncakeTrace }, Tokenizer);
        Assert.True(dataset.Sequential);
        Assert.True(dataset.HasTimestamps);
        var ids = dataset.Conversations.Select(c => Tokenizer.EncodeToIds(c.Turns[0].Texts[0]).ToArray()).ToArray();
        Assert.Equal([1100, 1030, 600], ids.Select(x => x.Length));
        Assert.Equal(ids[0].Take(1024), ids[1].Take(1024));
        Assert.NotEqual(ids[0].Skip(1024).Take(6), ids[1].Skip(1024).Take(6));
        Assert.NotEqual(ids[0].Take(512), ids[2].Take(512));
        Assert.Equal([0L, 50L, 90L], dataset.Conversations.Select(c => c.Turns[0].TimestampMs!.Value));
        Assert.Equal([10, 12, 5], dataset.Conversations.Select(c => c.Turns[0].MaxTokens!.Value));
    }

    [Fact]
    public void Mooncake_input_length_that_does_not_fit_the_blocks_is_rejected_with_the_line()
    {
        var file = WriteFile("{\"input_length\": 2000, \"hash_ids\": [1, 2]}\n");
        var error = Assert.Throws<DatasetException>(() => DatasetBuilder.Build(Config with { InputFile = file, CustomDatasetType = CustomDatasetType.MooncakeTrace }, Tokenizer));
        Assert.Contains(":1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_turn_and_multi_turn_files_are_read_verbatim()
    {
        var single = WriteFile("{\"text\": \"hello there\"}\n{\"texts\": [\"a\", \"b\"]}\n");
        var dataset = DatasetBuilder.Build(Config with { InputFile = single, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer);
        Assert.Equal("hello there", PromptOf(dataset.Conversations[0].Turns[0]));
        Assert.Equal(["a", "b"], dataset.Conversations[1].Turns[0].Texts);

        var multi = WriteFile("{\"session_id\": \"s1\", \"turns\": [{\"text\": \"one\"}, {\"text\": \"two\"}]}\n{\"session_id\": \"s1\", \"turns\": [{\"text\": \"three\"}]}\n");
        var conversation = Assert.Single(DatasetBuilder.Build(Config with { InputFile = multi, CustomDatasetType = CustomDatasetType.MultiTurn }, Tokenizer).Conversations);
        Assert.Equal("s1", conversation.SessionId);
        Assert.Equal(["one", "two", "three"], conversation.Turns.Select(PromptOf));
    }

    [Fact]
    public void Malformed_line_names_file_and_line()
    {
        var file = WriteFile("{\"text\": \"ok\"}\n{not json}\n");
        var error = Assert.Throws<DatasetException>(() => DatasetBuilder.Build(Config with { InputFile = file, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer));
        Assert.Contains($"{file}:2: malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sharegpt_uses_the_first_exchange_and_filters_like_vllm()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("word", 1100));
        var path = Path.Combine(_directory, "sharegpt.json");
        File.WriteAllText(path, $$"""
            [
              {"conversations": [{"from": "human", "value": "Tell me a story about the sea please"}, {"from": "gpt", "value": "Once upon a time there was a sailor"}]},
              {"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "Hello, how can I help you today?"}]},
              {"conversations": [{"from": "human", "value": "{{longPrompt}}"}, {"from": "gpt", "value": "too long a prompt"}]}
            ]
            """);
        var dataset = DatasetBuilder.Build(Config with { InputFile = path, PublicDataset = "sharegpt" }, Tokenizer);
        var turn = Assert.Single(dataset.Conversations).Turns[0];
        Assert.Equal("Tell me a story about the sea please", turn.Texts[0]);
        Assert.Equal(Tokenizer.CountTokens("Once upon a time there was a sailor"), turn.MaxTokens);
    }

    [Fact]
    public void Extra_inputs_are_merged_at_the_top_level_and_override_fields()
    {
        Assert.True(ExtraInput.TryParse("ignore_eos:true", out var eos, out _));
        Assert.True(ExtraInput.TryParse("{\"model\": \"override\", \"temperature\": 0.5}", out var json, out _));
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, ExtraInputs = [.. eos, .. json] }, Tokenizer);
        using var payload = JsonDocument.Parse(dataset.Conversations[0].Turns[0].Payloads[0]);
        Assert.True(payload.RootElement.GetProperty("ignore_eos").GetBoolean());
        Assert.Equal("override", payload.RootElement.GetProperty("model").GetString());
        Assert.Equal(0.5, payload.RootElement.GetProperty("temperature").GetDouble());
        Assert.Single(payload.RootElement.EnumerateObject(), p => p.Name == "model");
    }

    [Fact]
    public void Completions_prompts_are_a_list_as_aiperf_sends_them()
    {
        var dataset = DatasetBuilder.Build(Config with { EndpointType = EndpointType.Completions, InputTokensMean = 5, OutputTokensMean = 9 }, Tokenizer);
        var turn = dataset.Conversations[0].Turns[0];
        using var payload = JsonDocument.Parse(turn.Payloads[0]);
        Assert.Equal(["prompt", "model", "stream", "max_tokens"], payload.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal([turn.Texts[0]], payload.RootElement.GetProperty("prompt").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Stream_options_are_sent_only_for_server_token_counts(bool useServerTokenCount, bool expected)
    {
        var dataset = DatasetBuilder.Build(Config with { Streaming = true, UseServerTokenCount = useServerTokenCount, InputTokensMean = 5 }, Tokenizer);
        using var payload = JsonDocument.Parse(dataset.Conversations[0].Turns[0].Payloads[0]);
        Assert.Equal(expected, payload.RootElement.TryGetProperty("stream_options", out _));
    }
}
