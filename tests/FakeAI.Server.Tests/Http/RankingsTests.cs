using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace FakeAI.Server.Tests.Http;

/// <summary>NIM's <c>/v1/ranking</c> and vLLM's/Cohere's <c>/v1/rerank</c>, <c>/v2/rerank</c>.</summary>
public sealed class RankingsTests
{
    private const string NimBody = """{"model":"nvidia/rerank","query":{"text":"which way should i go"},"passages":[{"text":"two roads diverged in a yellow wood"},{"text":"bananas are yellow"},{"text":"i took the one less traveled by"}]}""";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(FakeAIServer server, string path, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(path, TestServers.Json(json));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static (int Index, double Logit)[] Rankings(JsonElement body) =>
        [.. body.GetProperty("rankings").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("logit").GetDouble()))];

    [Fact]
    public async Task Ranking_scores_every_passage_highest_first_deterministically_and_counts_tokens()
    {
        await using var server = await TestServers.StartAsync();

        var (status, first) = await PostAsync(server, "/v1/ranking", NimBody);
        var (_, again) = await PostAsync(server, "/v1/ranking", NimBody);

        Assert.Equal(HttpStatusCode.OK, status);
        var rankings = Rankings(first);
        Assert.Equal([0, 1, 2], rankings.Select(r => r.Index).Order());
        Assert.Equal(rankings.Select(r => r.Logit).OrderDescending(), rankings.Select(r => r.Logit));
        Assert.Equal(3, rankings.Select(r => r.Logit).Distinct().Count());
        Assert.Equal(rankings, Rankings(again));

        // o200k_base: query 5 + passages 7, 3 and 7 tokens, the query counted once.
        var tokenizer = Protocol.Tokenization.TokenizerService.Get(Protocol.Tokenization.TokenizerEncoding.O200kBase);
        var expected = new[] { "which way should i go", "two roads diverged in a yellow wood", "bananas are yellow", "i took the one less traveled by" }.Sum(t => tokenizer.CountTokens(t));
        Assert.Equal(expected, first.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expected, first.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Rerank_returns_relevance_scores_in_the_same_order_with_top_n_and_documents()
    {
        await using var server = await TestServers.StartAsync();
        var (_, nim) = await PostAsync(server, "/v1/ranking", NimBody);
        const string body = """{"model":"nvidia/rerank","query":"which way should i go","documents":["two roads diverged in a yellow wood","bananas are yellow","i took the one less traveled by"],"top_n":2}""";

        var (status, v1) = await PostAsync(server, "/v1/rerank", body);
        var (_, v2) = await PostAsync(server, "/v2/rerank", body.Replace("\"top_n\":2", "\"return_documents\":false", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        var results = v1.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        var best = Rankings(nim);
        Assert.Equal(best.Take(2).Select(r => r.Index), results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(1 / (1 + Math.Exp(-best[0].Logit)), results[0].GetProperty("relevance_score").GetDouble(), 5);
        Assert.Equal("nvidia/rerank", v1.GetProperty("model").GetString());
        Assert.StartsWith("rerank-", v1.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(v1.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        string[] documents = ["two roads diverged in a yellow wood", "bananas are yellow", "i took the one less traveled by"];
        Assert.All(results, r => Assert.Equal(documents[r.GetProperty("index").GetInt32()], r.GetProperty("document").GetProperty("text").GetString()));
        var all = v2.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(3, all.Length);
        Assert.All(all, r => Assert.False(r.TryGetProperty("document", out _)));
    }

    [Theory]
    [InlineData("/v1/ranking", """{"model":"m","passages":[{"text":"a"}]}""", "query.text", "missing_required_parameter")]
    [InlineData("/v1/ranking", """{"model":"m","query":{"text":"q"},"passages":[]}""", "passages", "missing_required_parameter")]
    [InlineData("/v1/ranking", """{"model":"m","query":{"text":"q"},"passages":[{"text":"a"},{"text":""}]}""", "passages[1].text", "invalid_value")]
    [InlineData("/v1/ranking", """{"model":"m","query":{"text":"q"},"passages":[{"text":"a"}],"truncate":"MIDDLE"}""", "truncate", "invalid_value")]
    [InlineData("/v1/ranking", """{"model":"m","query":"q","passages":[{"text":"a"}]}""", "query", "invalid_type")]
    [InlineData("/v1/ranking", """{"query":{"text":"q"},"passages":[{"text":"a"}]}""", "model", "missing_required_parameter")]
    [InlineData("/v1/rerank", """{"model":"m","documents":["a"]}""", "query", "missing_required_parameter")]
    [InlineData("/v1/rerank", """{"model":"m","query":"q"}""", "documents", "missing_required_parameter")]
    [InlineData("/v1/rerank", """{"model":"m","query":"q","documents":["a"],"top_n":0}""", "top_n", "invalid_value")]
    public async Task Bad_input_gets_a_400_in_OpenAIs_error_shape(string path, string json, string param, string code)
    {
        await using var server = await TestServers.StartAsync();

        var (status, body) = await PostAsync(server, path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_pair_longer_than_the_window_is_truncated_unless_truncate_is_NONE_or_the_server_is_strict()
    {
        var passage = string.Join(' ', Enumerable.Repeat("hello", 80));
        var json = $$"""{"model":"m","query":{"text":"hello hello"},"passages":[{"text":"{{passage}}"},{"text":"hello"}]TRUNCATE}""";
        await using var server = await TestServers.StartAsync(o => o.DefaultContextWindow = 50);
        await using var strict = await TestServers.StartAsync(o => { o.DefaultContextWindow = 50; o.StrictInputLength = true; });

        var (truncated, body) = await PostAsync(server, "/v1/ranking", json.Replace("TRUNCATE", "", StringComparison.Ordinal));
        var (refused, error) = await PostAsync(server, "/v1/ranking", json.Replace("TRUNCATE", ",\"truncate\":\"NONE\"", StringComparison.Ordinal));
        var (strictRefused, _) = await PostAsync(strict, "/v1/ranking", json.Replace("TRUNCATE", "", StringComparison.Ordinal));
        var (strictAllowed, _) = await PostAsync(strict, "/v1/ranking", json.Replace("TRUNCATE", ",\"truncate\":\"END\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, truncated);

        // Query 2 tokens, the long passage cut to the 48 the window leaves, the short one 1.
        Assert.Equal(2 + 48 + 1, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("context_length_exceeded", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("passages[0]", error.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, strictRefused);
        Assert.Equal(HttpStatusCode.OK, strictAllowed);
    }

    [Fact]
    public async Task The_response_waits_for_the_time_to_first_token_unless_non_streaming_delay_is_off()
    {
        await using var delayed = await TestServers.StartAsync(o => o.Ttft = LatencySpec.Exact(300));
        await using var immediate = await TestServers.StartAsync(o => { o.Ttft = LatencySpec.Exact(300); o.DelayNonStreaming = false; });
        await PostAsync(delayed, "/v1/ranking", NimBody);

        var watch = Stopwatch.StartNew();
        await PostAsync(delayed, "/v1/ranking", NimBody);
        var delayedMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await PostAsync(immediate, "/v1/ranking", NimBody);
        var immediateMs = watch.Elapsed.TotalMilliseconds;

        // Generous bounds for a loaded machine: the wait is never shorter than the TTFT, and nothing waits without it.
        Assert.InRange(delayedMs, 295, 5000);
        Assert.True(immediateMs < delayedMs, $"{immediateMs} ms without the delay, {delayedMs} ms with it");
    }

    [Theory]
    [InlineData("/v1/ranking")]
    [InlineData("/v1/rerank")]
    [InlineData("/v2/rerank")]
    public async Task Every_ranking_path_needs_the_api_key(string path)
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-test"]);

        var (status, body) = await PostAsync(server, path, """{"model":"m","query":"q","documents":["a"]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
    }
}
