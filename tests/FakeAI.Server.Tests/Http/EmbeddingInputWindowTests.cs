using System.Net;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Http;

/// <summary>Inputs longer than an embedding model's context window: truncated by default, refused under strict input length.</summary>
public sealed class EmbeddingInputWindowTests
{
    private const string Model = "sentence-transformers/all-mpnet-base-v2";

    // 600 single-token words (o200k_base), longer than the model's 512-token window.
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("hello", 600));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> EmbedAsync(FakeAIServer server, object input)
    {
        using var client = TestServers.Client(server);
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = Model, ["input"] = input });
        using var response = await client.PostAsync("/v1/embeddings", TestServers.Json(json));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static float[] Vector(JsonElement body, int index) =>
        [.. body.GetProperty("data")[index].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task A_long_input_is_truncated_to_the_window_and_usage_counts_the_kept_tokens()
    {
        var tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
        Assert.Equal(600, tokenizer.CountTokens(LongText));
        var kept = string.Join(' ', Enumerable.Repeat("hello", 512));
        await using var server = await TestServers.StartAsync();

        var (status, body) = await EmbedAsync(server, new[] { LongText, "short" });
        var (_, keptBody) = await EmbedAsync(server, kept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(512 + 1, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(Vector(keptBody, 0), Vector(body, 0));
    }

    [Fact]
    public async Task Token_id_inputs_are_cut_to_the_window_too()
    {
        await using var server = await TestServers.StartAsync();

        var (status, body) = await EmbedAsync(server, Enumerable.Range(1, 700).ToArray());
        var (_, kept) = await EmbedAsync(server, Enumerable.Range(1, 512).ToArray());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(512, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(Vector(kept, 0), Vector(body, 0));
    }

    [Fact]
    public async Task Strict_input_length_refuses_a_long_input_in_OpenAIs_error_shape()
    {
        await using var server = await TestServers.StartAsync(o => o.StrictInputLength = true);

        var (status, body) = await EmbedAsync(server, new[] { "short", LongText });
        var (fitStatus, _) = await EmbedAsync(server, "short");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error");
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("input[1]", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("512", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fitStatus);
    }
}
