using System.Net;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Http;

/// <summary>vLLM's <c>/tokenize</c> and <c>/detokenize</c> with the model's own tokenizer.</summary>
public sealed class TokenizeTests
{
    [Fact]
    public async Task Tokenize_counts_as_the_server_does_and_detokenize_gives_the_text_back()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        const string text = "The quick brown fox jumps over the lazy dog, twice: 42 times!";

        using var tokenized = await client.PostAsync("/tokenize", TestServers.Json($$"""{"model":"gpt-4o","prompt":"{{text}}"}"""));
        using var body = JsonDocument.Parse(await tokenized.Content.ReadAsStringAsync());
        var ids = body.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        using var detokenized = await client.PostAsync("/detokenize", TestServers.Json($$"""{"model":"gpt-4o","tokens":[{{string.Join(',', ids)}}]}"""));

        Assert.Equal(HttpStatusCode.OK, tokenized.StatusCode);
        Assert.Equal(TokenizerService.Get(TokenizerEncoding.O200kBase).EncodeToIds(text), ids);
        Assert.Equal(ids.Length, body.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(128_000, body.RootElement.GetProperty("max_model_len").GetInt32());
        Assert.Equal(text, JsonDocument.Parse(await detokenized.Content.ReadAsStringAsync()).RootElement.GetProperty("prompt").GetString());
    }

    [Theory]
    [InlineData("/tokenize", """{"model":"gpt-4o"}""", "prompt", "missing_required_parameter")]
    [InlineData("/detokenize", """{"model":"gpt-4o"}""", "tokens", "missing_required_parameter")]
    [InlineData("/detokenize", """{"model":"gpt-4o","tokens":[1,99999999]}""", "tokens", "invalid_value")]
    [InlineData("/detokenize", """{"model":"gpt-4o","tokens":[-1]}""", "tokens", "invalid_value")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string path, string json, string param, string code)
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await client.PostAsync(path, TestServers.Json(json));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((param, code), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Both_routes_need_the_key_when_the_server_has_one()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-test"]);
        using var client = TestServers.Client(server);

        using var tokenize = await client.PostAsync("/tokenize", TestServers.Json("""{"model":"gpt-4o","prompt":"hi"}"""));
        using var detokenize = await client.PostAsync("/detokenize", TestServers.Json("""{"model":"gpt-4o","tokens":[1]}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, tokenize.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, detokenize.StatusCode);
    }
}
