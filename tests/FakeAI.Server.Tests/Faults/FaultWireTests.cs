using System.Net;
using System.Text.Json;
using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

public sealed class FaultWireTests
{
    private static JsonElement Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error");

    [Fact]
    public async Task Forced_429_has_openai_error_shape_retry_after_and_rate_limit_headers()
    {
        await using var server = await TestServers.StartAsync(o => o.Faults.RetryAfterSeconds = 360);

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), "429");
        var forced = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: false), "429;retry-after=2");

        Assert.Equal(HttpStatusCode.TooManyRequests, received.Status);
        var error = Error(received.Body);
        Assert.Equal(("requests", "rate_limit_exceeded", JsonValueKind.Null), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("param").ValueKind));
        Assert.StartsWith("Rate limit reached for requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 6m0s.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("360", received.Header("Retry-After"));
        Assert.Equal("360000", received.Header("retry-after-ms"));
        Assert.Equal(("60", "0", "6m0s"), (received.Header("x-ratelimit-limit-requests"), received.Header("x-ratelimit-remaining-requests"), received.Header("x-ratelimit-reset-requests")));
        Assert.Equal(("150000", "150000", "0s"), (received.Header("x-ratelimit-limit-tokens"), received.Header("x-ratelimit-remaining-tokens"), received.Header("x-ratelimit-reset-tokens")));
        Assert.Equal("429", received.Header("X-FakeAI-Fault-Injected"));
        Assert.Equal(("2", "2s"), (forced.Header("Retry-After"), forced.Header("x-ratelimit-reset-requests")));
    }

    [Fact]
    public async Task An_injected_429_reports_the_servers_own_rate_limits_when_they_are_set()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Limits.RequestsPerMinute = 500;
            o.Limits.TokensPerMinute = 90_000;
        });

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: false), "429");

        Assert.Equal(HttpStatusCode.TooManyRequests, received.Status);
        Assert.StartsWith("Rate limit reached for requests per min (RPM): Limit 500, Used 500,", Error(received.Body).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("500", "90000"), (received.Header("x-ratelimit-limit-requests"), received.Header("x-ratelimit-limit-tokens")));
    }

    [Theory]
    [InlineData("500", HttpStatusCode.InternalServerError, "server_error", null, null, "The server had an error processing your request.")]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "server_error", null, null, "That model is currently overloaded with other requests.")]
    [InlineData("400", HttpStatusCode.BadRequest, "invalid_request_error", "messages", "context_length_exceeded", "This model's maximum context length was exceeded.")]
    [InlineData("401", HttpStatusCode.Unauthorized, "invalid_request_error", null, "invalid_api_key", "Incorrect API key provided.")]
    public async Task Forced_status_faults_answer_in_openai_error_shape(string fault, HttpStatusCode status, string type, string? param, string? code, string message)
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), fault);

        Assert.Equal(status, received.Status);
        var error = Error(received.Body);
        Assert.Equal((type, param, code), (error.GetProperty("type").GetString(), error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/embeddings", """{"model":"text-embedding-3-small","input":"hello"}""", "input")]
    [InlineData("/v1/ranking", """{"model":"r","query":{"text":"q"},"passages":[{"text":"p"}]}""", "query")]
    [InlineData("/v1/rerank", """{"model":"r","query":"q","documents":["p"]}""", "query")]
    [InlineData("/v2/rerank", """{"model":"r","query":"q","documents":["p"]}""", "query")]
    public async Task Embeddings_and_rankings_take_faults_too_played_out_whole(string path, string body, string param)
    {
        await using var server = await TestServers.StartAsync();

        var overloaded = await FaultClient.SendAsync(server, path, body, "503");
        var contextLength = await FaultClient.SendAsync(server, path, body, "400");
        var cut = await FaultClient.SendAsync(server, path, body, "disconnect");
        var truncated = await FaultClient.SendAsync(server, path, body, "truncated-json");
        var errorEvent = await FaultClient.SendAsync(server, path, body, "stream-error");
        var stalled = await FaultClient.SendAsync(server, path, body, "stall;seconds=0.5");
        var normal = await FaultClient.SendAsync(server, path, body, null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, overloaded.Status);
        Assert.Equal(param, Error(contextLength.Body).GetProperty("param").GetString());
        Assert.Null(cut.Status);
        Assert.Null(truncated.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, errorEvent.Status);
        Assert.Equal(FaultResponses.StreamErrorMessage, Error(errorEvent.Body).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, stalled.Status);
        Assert.Equal("stall", stalled.Header("X-FakeAI-Fault-Injected"));
        Assert.InRange(stalled.Elapsed.TotalSeconds, 0.45, 20);
        Assert.Equal(HttpStatusCode.OK, normal.Status);
        Assert.False(JsonDocument.Parse(stalled.Body).RootElement.TryGetProperty("error", out _), stalled.Body);
        await WaitForCountAsync(server, "stall", 1);
    }

    [Fact]
    public async Task Context_length_fault_on_legacy_completions_names_the_prompt()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, "/v1/completions", """{"model":"m","prompt":"hi","max_tokens":3}""", "400");

        Assert.Equal("prompt", Error(received.Body).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Disconnect_cuts_the_stream_after_exactly_k_tokens()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(2));

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(20, stream: true), "disconnect;after=5");

        Assert.Equal(HttpStatusCode.OK, received.Status);
        Assert.NotNull(received.Error);
        Assert.Equal(5, received.ContentChunks);
        Assert.DoesNotContain("[DONE]", received.Body, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_error_sends_an_openai_error_event_after_k_tokens_then_ends()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(20, stream: true), "stream-error;after=3");

        Assert.Null(received.Error);
        Assert.Equal(3, received.ContentChunks);
        var events = received.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: error\ndata: ", events[^1], StringComparison.Ordinal);
        var error = Error(received.DataEvents[^1]);
        Assert.Equal(("server_error", JsonValueKind.Null), (error.GetProperty("type").GetString(), error.GetProperty("code").ValueKind));
        Assert.DoesNotContain("[DONE]", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stall_pauses_between_two_tokens_then_the_stream_completes()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(10));

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(10, stream: true), "stall;after=4;seconds=1");

        Assert.Null(received.Error);
        Assert.Equal(10, received.ContentChunks);
        Assert.EndsWith("data: [DONE]\n\n", received.Body, StringComparison.Ordinal);

        // Event 0 is the role chunk, event i token i: the gap before token 5 (gaps[4]) is the stall, the others ~10 ms.
        var arrivals = received.EventArrivals;
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToArray();
        Assert.InRange(gaps[4], 0.95, 3.0);
        Assert.All(gaps.Where((_, i) => i != 4), g => Assert.True(g < 0.9, $"gap {g:F3} s"));
    }

    [Fact]
    public async Task Truncated_json_sends_half_a_data_line_then_closes()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(20, stream: true), "truncated-json;after=4");

        Assert.NotNull(received.Error);
        Assert.Equal(4, received.ContentChunks);
        var tail = received.Body.Split("\n\n")[^1];
        Assert.StartsWith("data: {\"id\":\"chatcmpl-", tail, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(tail["data: ".Length..]));
    }

    [Fact]
    public async Task Several_choices_break_after_step_k_and_legacy_completions_get_the_error_event()
    {
        await using var server = await TestServers.StartAsync();

        var multi = await FaultClient.SendAsync(server, FaultClient.Chat,
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":10,"n":3,"stream":true}""", "disconnect;after=4");
        var legacy = await FaultClient.SendAsync(server, "/v1/completions",
            """{"model":"m","prompt":"hi","max_tokens":10,"stream":true}""", "stream-error;after=2");

        Assert.NotNull(multi.Error);
        var perChoice = multi.DataEvents
            .Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0])
            .Where(c => c.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString()!.Length > 0)
            .GroupBy(c => c.GetProperty("index").GetInt32())
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 4, [1] = 4, [2] = 4 }, perChoice);
        Assert.Null(legacy.Error);
        var texts = legacy.DataEvents.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()).ToArray();
        Assert.Equal(2, texts.Length);
        Assert.Equal("server_error", Error(legacy.DataEvents[^1]).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Non_streaming_faults_drop_the_connection_delay_the_answer_fail_with_500_or_cut_the_body()
    {
        await using var server = await TestServers.StartAsync();
        var body = FaultClient.ChatBody(10, stream: false);

        var disconnect = await FaultClient.SendAsync(server, FaultClient.Chat, body, "disconnect");
        var stall = await FaultClient.SendAsync(server, FaultClient.Chat, body, "stall;seconds=1");
        var streamError = await FaultClient.SendAsync(server, FaultClient.Chat, body, "stream-error");
        var truncated = await FaultClient.SendAsync(server, FaultClient.Chat, body, "truncated-json");

        Assert.Null(disconnect.Status);
        Assert.IsType<HttpRequestException>(disconnect.Error);
        Assert.Equal(HttpStatusCode.OK, stall.Status);
        Assert.True(stall.Elapsed >= TimeSpan.FromSeconds(0.95), stall.Elapsed.ToString());
        Assert.Equal("chat.completion", JsonDocument.Parse(stall.Body).RootElement.GetProperty("object").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, streamError.Status);
        Assert.Equal("server_error", Error(streamError.Body).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, truncated.Status);
        Assert.NotNull(truncated.Error);
        Assert.StartsWith("{\"id\":\"chatcmpl-", truncated.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_sends_nothing_until_the_client_gives_up()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), "timeout", TimeSpan.FromSeconds(0.5));

        Assert.Null(received.Status);
        Assert.IsType<TaskCanceledException>(received.Error);
        Assert.True(received.Elapsed >= TimeSpan.FromSeconds(0.45), received.Elapsed.ToString());

        // The server lets go of the request as soon as the client has gone, not when the 600 s hold would end.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.State.Faults.HeldRequests > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the held request outlived its client by 10 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Timeout_drops_the_connection_when_its_hold_ends_on_the_servers_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await FakeAIServer.StartAsync(
            new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Zero, Itl = LatencySpec.Zero, WarmUp = false },
            loggerFactory: null,
            time);

        var pending = FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), "timeout;seconds=30");
        await WaitForCountAsync(server, "timeout", 1);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var received = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(received.Status);
        Assert.IsType<HttpRequestException>(received.Error);
    }

    [Fact]
    public async Task Stopping_the_server_ends_held_timeouts_at_once()
    {
        var server = await TestServers.StartAsync();
        var pending = FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), "timeout");
        await WaitForCountAsync(server, "timeout", 1);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();
        var received = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        // Without the stop signal Kestrel would wait its 5 s shutdown timeout for the held request.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(4), stopping.Elapsed.ToString());
        Assert.Null(received.Status);
    }

    [Fact]
    public async Task Bad_header_values_get_a_400_naming_the_allowed_values()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), "502");

        Assert.Equal(HttpStatusCode.BadRequest, received.Status);
        var error = Error(received.Body);
        Assert.Equal(("invalid_request_error", "invalid_fault_header"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("Allowed values: 429, 500, 503, 400, 401, timeout, disconnect, stream-error, stall, truncated-json, none", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_forces_faults_on_generation_routes_only_and_none_exempts_a_request()
    {
        await using var server = await TestServers.StartAsync(o => o.Faults.Rates[FaultKind.Overloaded] = 1.0);

        var random = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(3, stream: false), null);
        var exempt = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(3, stream: false), "none");
        var forced = await FaultClient.SendAsync(server, "/v1/completions", """{"model":"m","prompt":"hi","max_tokens":3}""", "429");
        using var client = TestServers.Client(server);
        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.TryAddWithoutValidation("X-FakeAI-Fault", "429");
        using var modelsResponse = await client.SendAsync(models);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, random.Status);
        Assert.Equal(HttpStatusCode.OK, exempt.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, forced.Status);
        Assert.Equal(HttpStatusCode.OK, modelsResponse.StatusCode);
    }

    [Fact]
    public async Task Servers_with_the_same_seed_fail_the_same_requests()
    {
        static async Task<string> RunAsync(long seed)
        {
            await using var server = await TestServers.StartAsync(o =>
            {
                o.Faults.Seed = seed;
                o.Faults.Rates[FaultKind.RateLimit] = 0.2;
                o.Faults.Rates[FaultKind.ServerError] = 0.2;
                o.Faults.Rates[FaultKind.StreamError] = 0.2;
            });
            var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                var received = await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(3, stream: true), null);
                outcomes.Add(received.Header("X-FakeAI-Fault-Injected") is { Length: > 0 } fault ? fault : "ok");
            }

            return string.Join(" ", outcomes);
        }

        var first = await RunAsync(11);
        var second = await RunAsync(11);
        var other = await RunAsync(12);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("429", first, StringComparison.Ordinal);
        Assert.Contains("ok", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_injected_faults_by_type_and_faulted_requests_are_not_successes()
    {
        await using var server = await TestServers.StartAsync();
        foreach (var fault in new[] { "429", "429", "503", "disconnect;after=2", "stream-error;after=1", "truncated-json;after=1", "stall;seconds=0.05" })
        {
            await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), fault);
        }

        await FaultClient.SendAsync(server, FaultClient.Chat, FaultClient.ChatBody(5, stream: true), null);
        await TestServers.WaitForKvIdleAsync(server);
        using var client = TestServers.Client(server);
        var text = await client.GetStringAsync("/metrics");

        Assert.True(text.Contains("fakeai_injected_faults_total{type=\"429\"} 2", StringComparison.Ordinal), text);
        Assert.Contains("fakeai_injected_faults_total{type=\"503\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("fakeai_injected_faults_total{type=\"disconnect\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("fakeai_injected_faults_total{type=\"stream-error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("fakeai_injected_faults_total{type=\"truncated-json\"} 1", text, StringComparison.Ordinal);
        Assert.True(text.Contains("fakeai_injected_faults_total{type=\"stall\"} 1", StringComparison.Ordinal), text);
        Assert.Contains("fakeai_injected_faults_total{type=\"timeout\"} 0", text, StringComparison.Ordinal);

        // The stalled stream and the normal one succeed; status faults never start a request; broken streams are not successes.
        Assert.Contains("vllm:request_success_total{model_name=\"gpt-4o\",finished_reason=\"length\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("vllm:num_requests_running{model_name=\"gpt-4o\"} 0", text, StringComparison.Ordinal);
        Assert.Equal(0, server.RunningRequests);
    }

    private static async Task WaitForCountAsync(FakeAIServer server, string type, int count)
    {
        using var client = TestServers.Client(server);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await client.GetStringAsync("/metrics")).Contains($"fakeai_injected_faults_total{{type=\"{type}\"}} {count}", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {type} fault counted after 10 s");
            await Task.Delay(20);
        }
    }
}
