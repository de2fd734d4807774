using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Limits;

/// <summary>Rate limits on a real loopback server whose clock is a <see cref="FakeTimeProvider"/>.</summary>
public sealed class RateLimitServerTests
{
    // Ten token ids and 30 output tokens: the request costs exactly 40 tokens against a TPM limit.
    private const string Costs40Tokens = """{"model":"m","prompt":[1,2,3,4,5,6,7,8,9,10],"max_tokens":30}""";

    internal static Task<FakeAIServer> StartAsync(FakeTimeProvider time, Action<FakeAIServerOptions> configure)
    {
        var options = new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Zero, Itl = LatencySpec.Zero };
        configure(options);
        return FakeAIServer.StartAsync(options, loggerFactory: null, time);
    }

    private static async Task<HttpResponseMessage> ChatAsync(HttpClient client, string model = "m", string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = TestServers.Json($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(none)";

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();

    [Fact]
    public async Task The_request_over_the_rpm_limit_gets_openais_429_and_is_admitted_once_the_oldest_has_left_the_window()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, o => o.Limits.RequestsPerMinute = 2);
        using var client = TestServers.Client(server);

        using var first = await ChatAsync(client);
        time.Advance(TimeSpan.FromSeconds(20));
        using var second = await ChatAsync(client);
        time.Advance(TimeSpan.FromSeconds(1.5));
        using var refused = await ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("2", "1", "1m0s"), (Header(first, "x-ratelimit-limit-requests"), Header(first, "x-ratelimit-remaining-requests"), Header(first, "x-ratelimit-reset-requests")));
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-requests"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = await ErrorAsync(refused);
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(
            "Rate limit reached for all clients (the server has no API keys) on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in 38.5s.",
            error.GetProperty("message").GetString());
        Assert.Equal("39", Header(refused, "Retry-After"));
        Assert.Equal(("2", "0", "58.5s"), (Header(refused, "x-ratelimit-limit-requests"), Header(refused, "x-ratelimit-remaining-requests"), Header(refused, "x-ratelimit-reset-requests")));
        Assert.Equal("(none)", Header(first, "x-ratelimit-limit-tokens"));

        time.Advance(TimeSpan.FromSeconds(38.5) - TimeSpan.FromTicks(1));
        using var stillRefused = await ChatAsync(client);
        time.Advance(TimeSpan.FromTicks(1));
        using var admitted = await ChatAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Contains("Please try again in 1ms.", (await ErrorAsync(stillRefused)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal("0", Header(admitted, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task Tokens_count_the_prompt_plus_max_output_tokens_of_every_choice()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, o => o.Limits.TokensPerMinute = 200);
        using var client = TestServers.Client(server);

        using var one = await client.PostAsync("/v1/completions", TestServers.Json(Costs40Tokens));
        using var twoChoices = await client.PostAsync("/v1/completions", TestServers.Json("""{"model":"m","prompt":[1,2,3,4,5,6,7,8,9,10],"max_tokens":30,"n":2}"""));
        time.Advance(TimeSpan.FromSeconds(6));
        using var third = await client.PostAsync("/v1/completions", TestServers.Json(Costs40Tokens));
        using var full = await client.PostAsync("/v1/completions", TestServers.Json(Costs40Tokens));
        using var over = await client.PostAsync("/v1/completions", TestServers.Json(Costs40Tokens));

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(("200", "160", "1m0s"), (Header(one, "x-ratelimit-limit-tokens"), Header(one, "x-ratelimit-remaining-tokens"), Header(one, "x-ratelimit-reset-tokens")));
        Assert.Equal("90", Header(twoChoices, "x-ratelimit-remaining-tokens"));
        Assert.Equal("(none)", Header(one, "x-ratelimit-limit-requests"));

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);

        // 40 + 70 + 40 + 40 = 190 used: 40 more must wait for the first two (t = 0) to leave, 54 s from now.
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        var error = await ErrorAsync(over);
        Assert.Equal("tokens", error.GetProperty("type").GetString());
        Assert.Equal(
            "Rate limit reached for all clients (the server has no API keys) on tokens per min (TPM): Limit 200, Used 190, Requested 40. Please try again in 54s.",
            error.GetProperty("message").GetString());
        Assert.Equal("54", Header(over, "Retry-After"));
        Assert.Equal(("10", "1m0s"), (Header(over, "x-ratelimit-remaining-tokens"), Header(over, "x-ratelimit-reset-tokens")));
    }

    [Fact]
    public async Task A_request_over_the_tpm_limit_by_itself_is_too_large_and_has_no_retry_after()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, o => o.Limits.TokensPerMinute = 100);
        using var client = TestServers.Client(server);

        using var response = await client.PostAsync("/v1/completions", TestServers.Json("""{"model":"gpt-4o","prompt":[1,2,3,4,5,6,7,8,9,10],"max_tokens":91}"""));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal(
            "Request too large for all clients (the server has no API keys) on tokens per min (TPM): Limit 100, Requested 101. The input or output tokens must be reduced in order to run successfully.",
            error.GetProperty("message").GetString());
        Assert.Equal(("tokens", "rate_limit_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("(none)", Header(response, "Retry-After"));
        Assert.Equal("100", Header(response, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task Each_api_key_and_each_model_has_its_own_window()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, o =>
        {
            o.ApiKeys = ["sk-alpha-0001", "sk-bravo-0002"];
            o.Limits.RequestsPerMinute = 2;
        });
        using var client = TestServers.Client(server);

        using var a1 = await ChatAsync(client, "m1", "sk-alpha-0001");
        using var a2 = await ChatAsync(client, "m2", "sk-alpha-0001");
        using var keyFull = await ChatAsync(client, "m3", "sk-alpha-0001");
        using var b1 = await ChatAsync(client, "m1", "sk-bravo-0002");
        using var modelFull = await ChatAsync(client, "m1", "sk-bravo-0002");
        using var b2 = await ChatAsync(client, "m3", "sk-bravo-0002");

        Assert.All(new[] { a1, a2, b1, b2 }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, keyFull.StatusCode);
        Assert.StartsWith(
            "Rate limit reached for API key sk-***0001 on requests per min (RPM): Limit 2, Used 2, Requested 1.",
            (await ErrorAsync(keyFull)).GetProperty("message").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, modelFull.StatusCode);
        Assert.StartsWith(
            "Rate limit reached for m1 on requests per min (RPM): Limit 2, Used 2, Requested 1.",
            (await ErrorAsync(modelFull)).GetProperty("message").GetString(),
            StringComparison.Ordinal);

        // b2's headers report the tighter window: key bravo and model m3 hold 2 requests each.
        Assert.Equal("0", Header(b2, "x-ratelimit-remaining-requests"));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("fakeai_requests_refused_total{limit=\"rpm_key\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("fakeai_requests_refused_total{limit=\"rpm_model\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embeddings_and_rankings_count_their_input_tokens()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, o => o.Limits.TokensPerMinute = 20);
        using var client = TestServers.Client(server);

        using var embeddings = await client.PostAsync("/v1/embeddings", TestServers.Json("""{"model":"e","input":[1,2,3,4,5,6,7,8]}"""));
        using var rerank = await client.PostAsync("/v1/rerank", TestServers.Json("""{"model":"e","query":"hi","documents":["hello world"]}"""));

        Assert.Equal(HttpStatusCode.OK, embeddings.StatusCode);
        Assert.Equal("12", Header(embeddings, "x-ratelimit-remaining-tokens"));
        Assert.Equal(HttpStatusCode.OK, rerank.StatusCode);
        var used = JsonDocument.Parse(await rerank.Content.ReadAsStringAsync()).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32();
        Assert.Equal((12 - used).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(rerank, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task With_limits_off_responses_carry_no_rate_limit_headers_and_metrics_no_limit_series()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await ChatAsync(client);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));
        Assert.Null(server.State.Admission);
        Assert.DoesNotContain("fakeai_requests_refused_total", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("vllm:num_requests_waiting", metrics, StringComparison.Ordinal);
    }
}
