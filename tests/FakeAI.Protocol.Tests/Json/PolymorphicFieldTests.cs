using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Embeddings;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Tests.Json;

public sealed class PolymorphicFieldTests
{
    private static ChatCompletionRequest Chat(string json) => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ChatCompletionRequest)!;

    private static CompletionRequest Completion(string json) => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CompletionRequest)!;

    [Fact]
    public void Content_reads_as_string_or_parts()
    {
        var request = Chat("""{"model":"m","messages":[{"role":"user","content":"plain"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"u"}},{"type":"text","text":"b"}]},{"role":"assistant","content":null}]}""");

        Assert.Equal("plain", request.Messages![0].Content!.GetText());
        Assert.Equal("ab", request.Messages[1].Content!.GetText());
        Assert.Equal(["text", "image_url", "text"], request.Messages[1].Content!.Parts!.Select(p => p.Type));
        Assert.Null(request.Messages[2].Content);
    }

    [Fact]
    public void Stop_reads_as_string_or_array()
    {
        Assert.Equal(["END"], Chat("""{"stop":"END"}""").Stop!.Values);
        Assert.Equal(["a", "b"], Chat("""{"stop":["a","b"]}""").Stop!.Values);
        Assert.Null(Chat("""{"stop":null}""").Stop);
    }

    [Fact]
    public void Prompt_reads_all_four_forms()
    {
        Assert.Equal("one", Completion("""{"prompt":"one"}""").Prompt!.Items.Single().Text);
        Assert.Equal(["a", "b"], Completion("""{"prompt":["a","b"]}""").Prompt!.Items.Select(i => i.Text));
        Assert.Equal([1, 2, 3], Completion("""{"prompt":[1,2,3]}""").Prompt!.Items.Single().TokenIds!);
        var nested = Completion("""{"prompt":[[1,2],[3]]}""").Prompt!.Items;
        Assert.Equal(2, nested.Count);
        Assert.Equal([3], nested[1].TokenIds!);
    }

    [Theory]
    [InlineData("""{"prompt":{"x":1}}""", "$.prompt")]
    [InlineData("""{"prompt":["a",1]}""", "$.prompt")]
    [InlineData("""{"prompt":[1,"a"]}""", "$.prompt")]
    [InlineData("""{"prompt":[-1]}""", "$.prompt")]
    [InlineData("""{"max_tokens":"5"}""", "$.max_tokens")]
    [InlineData("""{"max_tokens":1.5}""", "$.max_tokens")]
    [InlineData("""{"stream_options":{"include_usage":"yes"}}""", "$.stream_options.include_usage")]
    public void Wrong_types_fail_with_the_path_of_the_field(string json, string path)
    {
        var error = Assert.Throws<JsonException>(() => Completion(json));

        Assert.Equal(path, error.Path);
        Assert.Equal(path[2..], JsonErrorPath.ToParam(error.Path));
    }

    [Fact]
    public void Message_content_errors_name_the_element()
    {
        var error = Assert.Throws<JsonException>(() => Chat("""{"messages":[{"role":"user","content":"ok"},{"role":"user","content":{"a":1}}]}"""));

        Assert.Equal("messages[1].content", JsonErrorPath.ToParam(error.Path));
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_nulls_omitted_on_write()
    {
        var request = Chat("""{"model":"m","messages":[],"logit_bias":{"1":2},"tools":[{"type":"function"}]}""");
        var chunk = new ChatCompletionChunk { Id = "x", Model = "m", Choices = [new ChatChunkChoice { Delta = new ChatDelta { Content = "hi" } }] };

        var json = JsonSerializer.Serialize(chunk, ProtocolJsonContext.Default.ChatCompletionChunk);

        Assert.Equal("m", request.Model);
        Assert.Equal("""{"id":"x","object":"chat.completion.chunk","created":0,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}""", json);
    }

    [Fact]
    public void Embedding_vectors_round_trip_as_floats_and_base64_under_any_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            float[] values = [0.5f, -1.25f, 3e-7f];
            var response = new EmbeddingResponse
            {
                Data = [new EmbeddingData { Embedding = new EmbeddingVector(values, asBase64: false) }, new EmbeddingData { Index = 1, Embedding = new EmbeddingVector(values, asBase64: true) }],
                Model = "m",
                Usage = new Usage.UsageInfo(),
            };

            var json = JsonSerializer.Serialize(response, ProtocolJsonContext.Default.EmbeddingResponse);
            var back = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.EmbeddingResponse)!;

            Assert.Contains("[0.5,-1.25,3E-07]", json, StringComparison.Ordinal);
            Assert.Equal(values, back.Data[0].Embedding.Values);
            Assert.Equal(values, back.Data[1].Embedding.Values);
            Assert.Equal(Convert.ToBase64String([0, 0, 0, 63, 0, 0, 160, 191, .. BitConverter.GetBytes(3e-7f)]), JsonDocument.Parse(json).RootElement.GetProperty("data")[1].GetProperty("embedding").GetString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Errors_always_carry_param_and_code()
    {
        var json = JsonSerializer.Serialize(new Errors.ErrorResponse(new Errors.ErrorDetail { Message = "m", Type = "t" }), ProtocolJsonContext.Default.ErrorResponse);

        Assert.Equal("""{"error":{"message":"m","type":"t","param":null,"code":null}}""", json);
    }
}
