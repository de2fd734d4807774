using System.Net;
using System.Text.Json;

namespace FakeAI.Server.Tests.Http;

/// <summary>OpenAI's per-request limits and the output cap: small requests cannot make the server do unbounded work.</summary>
public sealed class BoundedWorkTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Root)> PostAsync(FakeAIServer server, string path, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(path, TestServers.Json(json));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Embeddings_accept_2048_inputs_and_refuse_2049()
    {
        await using var server = await TestServers.StartAsync();

        var (ok, body) = await PostAsync(server, "/v1/embeddings", "{\"model\":\"m\",\"dimensions\":8,\"input\":[" + string.Join(',', Enumerable.Range(0, 2048).Select(i => $"\"x{i}\"")) + "]}");
        var (refused, error) = await PostAsync(server, "/v1/embeddings", "{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 2049)) + "]}");

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(2048, body.GetProperty("data").GetArrayLength());
        Assert.Equal(2047, body.GetProperty("data")[2047].GetProperty("index").GetInt32());
        Assert.Equal(8, body.GetProperty("data")[5].GetProperty("embedding").GetArrayLength());
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() >= 2048);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("input", error.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_value", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_refuse_more_than_300000_tokens_in_total_as_OpenAI_does()
    {
        await using var server = await TestServers.StartAsync();
        var input = "[" + string.Join(',', Enumerable.Range(0, 1000)) + "]";

        var (atLimit, _) = await PostAsync(server, "/v1/embeddings", "{\"model\":\"m\",\"dimensions\":4,\"input\":[" + string.Join(',', Enumerable.Repeat(input, 300)) + "]}");
        var (over, error) = await PostAsync(server, "/v1/embeddings", "{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat(input, 301)) + "]}");

        Assert.Equal(HttpStatusCode.OK, atLimit);
        Assert.Equal(HttpStatusCode.BadRequest, over);
        Assert.Equal("max_tokens_per_request", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Requested 301000 tokens, max 300000 tokens per request", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"model":"m","prompt":"hi","max_tokens":1001}""", "max_tokens")]
    [InlineData("""{"model":"m","prompt":"hi","n":3,"max_tokens":334}""", "n")]
    [InlineData("""{"model":"m","prompt":["a","b"],"max_tokens":501}""", "max_tokens")]
    public async Task Output_beyond_the_cap_is_a_400_naming_the_field(string json, string param)
    {
        await using var server = await TestServers.StartAsync(o => o.MaxOutputTokensPerRequest = 1000);

        var (status, error) = await PostAsync(server, "/v1/completions", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, error.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_value", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_names_max_completion_tokens_when_that_set_the_budget_and_the_cap_itself_is_allowed()
    {
        await using var server = await TestServers.StartAsync(o => o.MaxOutputTokensPerRequest = 1000);

        var (refused, error) = await PostAsync(server, "/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":1001}""");
        var (ok, body) = await PostAsync(server, "/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":2,"max_tokens":500}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("max_completion_tokens", error.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(1000, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public void The_cap_must_be_positive()
    {
        var options = new FakeAIServerOptions { MaxOutputTokensPerRequest = 0 };

        Assert.Contains(options.Validate(), e => e.StartsWith("max-output-tokens-per-request", StringComparison.Ordinal));
    }
}
