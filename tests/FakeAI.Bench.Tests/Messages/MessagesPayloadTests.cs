using System.Text.Json;
using FakeAI.Bench.Client;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Tests.Client;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Messages;

/// <summary>The request bodies and headers of <c>--endpoint-type messages</c> (Anthropic's Messages API, as aiperf's
/// <c>messages</c> endpoint formats them).</summary>
public sealed class MessagesPayloadTests : IDisposable
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-messages-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ProfileConfig Config => new() { Models = ["claude-x"], Url = "localhost:1", RandomSeed = 42, ConversationNum = 4, EndpointType = EndpointType.Messages };

    private static JsonElement Payload(Dataset dataset, int conversation = 0) =>
        JsonDocument.Parse(dataset.Conversations[conversation].Turns[0].Payloads[0]).RootElement.Clone();

    [Fact]
    public void A_synthetic_prompt_is_one_user_message_with_plain_text_content_and_the_requested_max_tokens()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 30, OutputTokensMean = 17, Streaming = true }, Tokenizer);
        var payload = Payload(dataset);
        Assert.Equal(["messages", "model", "stream", "max_tokens"], payload.EnumerateObject().Select(p => p.Name));
        var message = Assert.Single(payload.GetProperty("messages").EnumerateArray());

        // Anthropic's message has no name field, unlike aiperf's chat message.
        Assert.Equal(["role", "content"], message.EnumerateObject().Select(p => p.Name));
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(dataset.Conversations[0].Turns[0].Texts[0], message.GetProperty("content").GetString());
        Assert.Equal(30, Tokenizer.CountTokens(message.GetProperty("content").GetString()!));
        Assert.Equal("claude-x", payload.GetProperty("model").GetString());
        Assert.True(payload.GetProperty("stream").GetBoolean());
        Assert.Equal(17, payload.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void Without_an_output_length_max_tokens_is_aiperfs_default_because_the_api_requires_it()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5 }, Tokenizer);
        var payload = Payload(dataset);
        Assert.Equal(16384, payload.GetProperty("max_tokens").GetInt32());
        Assert.False(payload.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void Server_token_counts_add_no_stream_options_which_the_messages_api_does_not_know()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, Streaming = true, UseServerTokenCount = true }, Tokenizer);
        Assert.False(Payload(dataset).TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Extra_inputs_are_merged_and_replace_fields_including_max_tokens()
    {
        Assert.True(ExtraInput.TryParse("{\"max_tokens\": 5, \"system\": \"Be brief.\", \"temperature\": 0.2}", out var extras, out _));
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, OutputTokensMean = 50, ExtraInputs = [.. extras] }, Tokenizer);
        var payload = Payload(dataset);
        Assert.Single(payload.EnumerateObject(), p => p.Name == "max_tokens");
        Assert.Equal(5, payload.GetProperty("max_tokens").GetInt32());
        Assert.Equal("Be brief.", payload.GetProperty("system").GetString());
        Assert.Equal(0.2, payload.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public void File_turns_with_several_texts_become_text_blocks()
    {
        var path = Path.Combine(_directory, "single.jsonl");
        File.WriteAllText(path, "{\"text\": \"hello there\"}\n{\"texts\": [\"a\", \"b\"]}\n");
        var dataset = DatasetBuilder.Build(Config with { InputFile = path, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer);
        Assert.Equal("hello there", Payload(dataset, 0).GetProperty("messages")[0].GetProperty("content").GetString());
        var blocks = Payload(dataset, 1).GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["text", "text"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(["a", "b"], blocks.Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public void Synthetic_images_are_anthropic_image_blocks_with_a_base64_source()
    {
        var images = new SyntheticImages { WidthMean = 20, HeightMean = 10, BatchSize = 2, Format = "png" };
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, Images = images }, Tokenizer);
        var turn = dataset.Conversations[0].Turns[0];
        var blocks = Payload(dataset).GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["text", "image", "image"], blocks.Select(b => b.GetProperty("type").GetString()));
        for (var i = 0; i < 2; i++)
        {
            var source = blocks[i + 1].GetProperty("source");
            Assert.Equal("base64", source.GetProperty("type").GetString());
            Assert.Equal("image/png", source.GetProperty("media_type").GetString());
            Assert.Equal(turn.Images[i], "data:image/png;base64," + source.GetProperty("data").GetString());
            Convert.FromBase64String(source.GetProperty("data").GetString()!);
        }
    }

    [Fact]
    public void Synthetic_audio_is_refused_for_messages_at_validation()
    {
        var config = Config with { InputTokensMean = 5, Audio = new SyntheticAudio { LengthMeanSeconds = 1 } };
        Assert.Contains(config.Validate(), problem => problem.Contains("audio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_key_goes_as_x_api_key_with_anthropic_version_and_no_bearer_header()
    {
        var stream = new ScriptedStream();
        using var connection = new BenchConnection(stream);
        var template = new RequestTemplate(new Uri("http://127.0.0.1:8000/v1/messages"), streaming: true, apiKey: "sk-a", headers: [], anthropic: true);
        await connection.SendAsync(template, "req-1", "corr-1", "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(
            "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: fakeai/1.0\r\nAccept: text/event-stream\r\n"
            + "Content-Type: application/json\r\nx-api-key: sk-a\r\nanthropic-version: 2023-06-01\r\nX-Request-ID: req-1\r\nX-Correlation-ID: corr-1\r\n"
            + "Content-Length: 2\r\n\r\n{}",
            stream.Written);
    }

    [Fact]
    public async Task A_user_header_replaces_anthropic_version_and_no_key_sends_no_x_api_key()
    {
        var stream = new ScriptedStream();
        using var connection = new BenchConnection(stream);
        var template = new RequestTemplate(new Uri("http://h/v1/messages"), streaming: false, apiKey: null, headers: [new("Anthropic-Version", "2099-01-01")], anthropic: true);
        await connection.SendAsync(template, "r", "c", "{}"u8.ToArray(), CancellationToken.None);
        Assert.DoesNotContain("x-api-key", stream.Written, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization", stream.Written, StringComparison.Ordinal);
        Assert.Contains("Anthropic-Version: 2099-01-01\r\n", stream.Written, StringComparison.Ordinal);
        Assert.DoesNotContain("2023-06-01", stream.Written, StringComparison.Ordinal);
    }
}
