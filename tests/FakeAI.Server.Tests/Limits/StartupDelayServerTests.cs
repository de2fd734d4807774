using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Limits;

public sealed class StartupDelayServerTests
{
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";

    [Fact]
    public async Task Health_and_the_api_answer_503_until_the_delay_has_passed_on_the_servers_clock_then_200()
    {
        var time = new FakeTimeProvider();
        await using var server = await RateLimitServerTests.StartAsync(time, o => o.Limits.StartupDelay = TimeSpan.FromSeconds(30));
        using var client = TestServers.Client(server);

        using var health = await client.GetAsync("/health");
        using var chat = await client.PostAsync("/v1/chat/completions", TestServers.Json(Chat));
        using var models = await client.GetAsync("/v1/models");
        using var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"status":"starting","ready":false,"ready_in_seconds":30,"message":"Starting up: ready in 30 s."}""",
            await health.Content.ReadAsStringAsync());
        Assert.Equal("30", health.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
        var error = JsonDocument.Parse(await chat.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("The server is not ready yet: it is starting up and will be ready in 30 s.", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("30", chat.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("fakeai_requests_refused_total{limit=\"startup\"} 2", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(29.75));
        using var almost = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, almost.StatusCode);
        Assert.Contains("\"ready_in_seconds\":0.25,", await almost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("1", almost.Headers.RetryAfter?.ToString());

        time.Advance(TimeSpan.FromSeconds(0.25));
        using var ready = await client.GetAsync("/health");
        using var served = await client.PostAsync("/v1/chat/completions", TestServers.Json(Chat));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\":\"healthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_starting_server_answers_503_before_checking_the_api_key_and_unknown_routes_stay_404()
    {
        var time = new FakeTimeProvider();
        await using var server = await RateLimitServerTests.StartAsync(time, o =>
        {
            o.ApiKeys = ["sk-test"];
            o.Limits.StartupDelay = TimeSpan.FromSeconds(5);
        });
        using var client = TestServers.Client(server);

        using var keyless = await client.PostAsync("/v1/chat/completions", TestServers.Json(Chat));
        using var unknown = await client.GetAsync("/nope");
        time.Advance(TimeSpan.FromSeconds(5));
        using var keylessLater = await client.PostAsync("/v1/chat/completions", TestServers.Json(Chat));
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = TestServers.Json(Chat) };
        keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        using var served = await client.SendAsync(keyed);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, keyless.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, keylessLater.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
