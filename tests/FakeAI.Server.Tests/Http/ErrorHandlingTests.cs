using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FakeAI.Server.Tests.Http;

public sealed class ErrorHandlingTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Error, string ContentType)> SendAsync(FakeAIServer server, HttpRequestMessage request)
    {
        using var client = TestServers.Client(server);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var root = JsonDocument.Parse(body).RootElement.Clone();
        var error = root.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return (response.StatusCode, error, response.Content.Headers.ContentType?.MediaType ?? string.Empty);
    }

    private static HttpRequestMessage Post(string path, string json) => new(HttpMethod.Post, path) { Content = TestServers.Json(json) };

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":"ten"}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":-5}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":0}""", "max_completion_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":"hi"}""", "messages")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":7}""", "stop")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"content":"hi"}]}""", "messages[0].role")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("/v1/chat/completions", """{"model":7,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("/v1/chat/completions", """{"model":"m"}""", "messages")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[]}""", "messages")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":0}""", "n")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"min_tokens":6}""", "min_tokens")]
    [InlineData("/v1/completions", """{"model":"m"}""", "prompt")]
    [InlineData("/v1/completions", """{"model":"m","prompt":{"a":1}}""", "prompt")]
    [InlineData("/v1/completions", """{"model":"m","prompt":"hi","max_tokens":0}""", "max_tokens")]
    [InlineData("/v1/embeddings", """{"model":"m"}""", "input")]
    [InlineData("/v1/embeddings", """{"model":"m","input":"hi","dimensions":0}""", "dimensions")]
    [InlineData("/v1/embeddings", """{"model":"m","input":"hi","encoding_format":"hex"}""", "encoding_format")]
    [InlineData("/v1/embeddings", """{"model":"m","input":[true]}""", "input")]
    public async Task Bad_requests_get_400_naming_the_param(string path, string json, string param)
    {
        await using var server = await TestServers.StartAsync();

        var (status, error, contentType) = await SendAsync(server, Post(path, json));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]} trailing""")]
    public async Task Malformed_bodies_get_400(string json)
    {
        await using var server = await TestServers.StartAsync();

        var (status, error, _) = await SendAsync(server, Post("/v1/chat/completions", json));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Prompt_plus_max_tokens_beyond_the_window_is_rejected_before_the_stream_starts()
    {
        await using var server = await TestServers.StartAsync();

        var (status, error, contentType) = await SendAsync(server, Post("/v1/chat/completions",
            """{"model":"gpt-4","messages":[{"role":"user","content":"hello"}],"max_tokens":8192,"stream":true}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("messages", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        await using var server = await TestServers.StartAsync(o => o.MaxRequestBodyBytes = 4096);

        var (status, error, _) = await SendAsync(server, Post("/v1/chat/completions",
            $$"""{"model":"m","messages":[{"role":"user","content":"{{new string('a', 10_000)}}"}]}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405()
    {
        await using var server = await TestServers.StartAsync();

        var (notFound, _, _) = await SendAsync(server, new HttpRequestMessage(HttpMethod.Get, "/v1/nothing-here"));
        var (notAllowed, _, _) = await SendAsync(server, new HttpRequestMessage(HttpMethod.Get, "/v1/chat/completions"));
        var (deleteModels, _, _) = await SendAsync(server, new HttpRequestMessage(HttpMethod.Delete, "/v1/models"));

        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, deleteModels);
    }

    [Fact]
    public async Task Strict_models_reject_unknown_ids_with_404_model_not_found()
    {
        await using var server = await TestServers.StartAsync(o => o.StrictModels = true);

        var (chat, chatError, _) = await SendAsync(server, Post("/v1/chat/completions", """{"model":"nope","messages":[{"role":"user","content":"hi"}]}"""));
        var (get, _, _) = await SendAsync(server, new HttpRequestMessage(HttpMethod.Get, "/v1/models/nope/really"));

        Assert.Equal(HttpStatusCode.NotFound, chat);
        Assert.Equal("model_not_found", chatError.GetProperty("code").GetString());
        Assert.Equal("model", chatError.GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.NotFound, get);
    }

    [Fact]
    public async Task Unknown_models_are_accepted_by_default()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await client.GetAsync("/v1/models/my-org/custom-model");
        var model = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("my-org/custom-model", model.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Api_keys_guard_v1_but_not_health_or_metrics()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-one", "sk-two"]);
        using var client = TestServers.Client(server);

        var (missing, missingError, _) = await SendAsync(server, new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-three");
        var (wrongStatus, _, _) = await SendAsync(server, wrong);
        var right = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-two");
        using var ok = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("invalid_api_key", missingError.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }
}
