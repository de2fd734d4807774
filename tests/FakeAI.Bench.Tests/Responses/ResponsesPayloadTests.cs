using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Responses;

/// <summary>The request bodies of <c>--endpoint-type responses</c> (OpenAI's Responses API, as aiperf's <c>responses</c>
/// endpoint formats them).</summary>
public sealed class ResponsesPayloadTests : IDisposable
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-responses-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ProfileConfig Config => new() { Models = ["gpt-x"], Url = "localhost:1", RandomSeed = 42, ConversationNum = 4, EndpointType = EndpointType.Responses };

    private static JsonElement Payload(Dataset dataset, int conversation = 0) =>
        JsonDocument.Parse(dataset.Conversations[conversation].Turns[0].Payloads[0]).RootElement.Clone();

    [Fact]
    public void A_synthetic_prompt_is_one_user_message_item_with_plain_text_content_and_max_output_tokens()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 30, OutputTokensMean = 17, Streaming = true }, Tokenizer);
        var payload = Payload(dataset);
        Assert.Equal(["input", "model", "stream", "max_output_tokens"], payload.EnumerateObject().Select(p => p.Name));
        var item = Assert.Single(payload.GetProperty("input").EnumerateArray());
        Assert.Equal(["type", "role", "content"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.Equal("user", item.GetProperty("role").GetString());
        Assert.Equal(dataset.Conversations[0].Turns[0].Texts[0], item.GetProperty("content").GetString());
        Assert.Equal(30, Tokenizer.CountTokens(item.GetProperty("content").GetString()!));
        Assert.Equal("gpt-x", payload.GetProperty("model").GetString());
        Assert.True(payload.GetProperty("stream").GetBoolean());
        Assert.Equal(17, payload.GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public void Without_an_output_length_no_limit_is_sent_and_server_token_counts_add_no_stream_options()
    {
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, Streaming = true, UseServerTokenCount = true }, Tokenizer);
        var payload = Payload(dataset);
        Assert.False(payload.TryGetProperty("max_output_tokens", out _));
        Assert.False(payload.TryGetProperty("max_tokens", out _));
        Assert.False(payload.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Extra_inputs_are_merged_and_replace_fields()
    {
        Assert.True(ExtraInput.TryParse("{\"max_output_tokens\": 5, \"instructions\": \"Be brief.\", \"store\": false}", out var extras, out _));
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, OutputTokensMean = 50, ExtraInputs = [.. extras] }, Tokenizer);
        var payload = Payload(dataset);
        Assert.Single(payload.EnumerateObject(), p => p.Name == "max_output_tokens");
        Assert.Equal(5, payload.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("Be brief.", payload.GetProperty("instructions").GetString());
        Assert.False(payload.GetProperty("store").GetBoolean());
    }

    [Fact]
    public void File_turns_with_several_texts_become_input_text_parts()
    {
        var path = Path.Combine(_directory, "single.jsonl");
        File.WriteAllText(path, "{\"text\": \"hello there\", \"output_length\": 7}\n{\"texts\": [\"a\", \"b\"]}\n");
        var dataset = DatasetBuilder.Build(Config with { InputFile = path, CustomDatasetType = CustomDatasetType.SingleTurn }, Tokenizer);
        var first = Payload(dataset, 0);
        Assert.Equal("hello there", first.GetProperty("input")[0].GetProperty("content").GetString());
        Assert.Equal(7, first.GetProperty("max_output_tokens").GetInt32());
        var parts = Payload(dataset, 1).GetProperty("input")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["input_text", "input_text"], parts.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(["a", "b"], parts.Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public void Synthetic_images_are_input_image_parts_with_the_data_url_as_a_string()
    {
        var images = new SyntheticImages { WidthMean = 20, HeightMean = 10, BatchSize = 2, Format = "png" };
        var dataset = DatasetBuilder.Build(Config with { InputTokensMean = 5, Images = images }, Tokenizer);
        var turn = dataset.Conversations[0].Turns[0];
        var parts = Payload(dataset).GetProperty("input")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["input_text", "input_image", "input_image"], parts.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(turn.Images, parts[1..].Select(p => p.GetProperty("image_url").GetString()));
    }

    [Fact]
    public void Synthetic_audio_is_an_input_audio_part_as_in_chat()
    {
        var config = Config with { InputTokensMean = 5, Audio = new SyntheticAudio { LengthMeanSeconds = 1 } };
        Assert.Empty(config.Validate());
        var dataset = DatasetBuilder.Build(config, Tokenizer);
        var parts = Payload(dataset).GetProperty("input")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["input_text", "input_audio"], parts.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(dataset.Conversations[0].Turns[0].Audios[0].Base64Data, parts[1].GetProperty("input_audio").GetProperty("data").GetString());
    }
}
