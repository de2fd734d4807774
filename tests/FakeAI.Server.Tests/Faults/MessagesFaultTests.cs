using System.Net;
using System.Text.Json;
using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

/// <summary>Every fault on <c>POST /v1/messages</c>, in Anthropic's terms: its error shape and error types for the status
/// faults (with its rate-limit headers on a 429), its <c>event: error</c> for a stream error, and no <c>message_stop</c>
/// on a stream that breaks.</summary>
public sealed class MessagesFaultTests
{
    private const string Path = "/v1/messages";

    private static string Body(int maxTokens, bool stream) =>
        $$"""{"model":"claude-sonnet-4-5","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"hello"}],"stream":{{(stream ? "true" : "false")}}}""";

    private static int TextDeltas(FaultClient.Received received) => received.NamedEvents.Count(e => e.Name == "content_block_delta");

    private static (string Type, string Message) AnthropicError(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        var error = root.GetProperty("error");
        return (error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("429", HttpStatusCode.TooManyRequests, "rate_limit_error")]
    [InlineData("500", HttpStatusCode.InternalServerError, "api_error")]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "overloaded_error")]
    [InlineData("400", HttpStatusCode.BadRequest, "invalid_request_error")]
    [InlineData("401", HttpStatusCode.Unauthorized, "authentication_error")]
    public async Task Status_faults_answer_in_anthropics_error_shape(string fault, HttpStatusCode status, string type)
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(5, stream: true), fault);

        Assert.Equal(status, received.Status);
        Assert.Equal(type, AnthropicError(received.Body).Type);
        Assert.Equal(fault, received.Header("X-FakeAI-Fault-Injected"));
    }

    [Fact]
    public async Task An_injected_429_carries_retry_after_and_anthropics_rate_limit_headers()
    {
        await using var server = await TestServers.StartAsync(o => o.Limits.RequestsPerMinute = 50);

        var received = await FaultClient.SendAsync(server, Path, Body(5, stream: false), "429;retry-after=30");

        Assert.Equal("30", received.Header("Retry-After"));
        Assert.Equal(("50", "0"), (received.Header("anthropic-ratelimit-requests-limit"), received.Header("anthropic-ratelimit-requests-remaining")));
        var reset = DateTimeOffset.Parse(received.Header("anthropic-ratelimit-requests-reset"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reset - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
        Assert.Equal("150000", received.Header("anthropic-ratelimit-tokens-limit"));
        Assert.Empty(received.Header("x-ratelimit-limit-requests"));
        Assert.Contains("50 requests per minute", AnthropicError(received.Body).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_fault_header_is_refused_in_anthropics_shape()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(5, stream: true), "502");

        Assert.Equal(HttpStatusCode.BadRequest, received.Status);
        var (type, message) = AnthropicError(received.Body);
        Assert.Equal("invalid_request_error", type);
        Assert.Contains("Allowed values:", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_error_sends_anthropics_error_event_after_k_tokens_then_ends()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "stream-error;after=3");

        Assert.Null(received.Error);
        var events = received.NamedEvents;
        Assert.Equal(3, events.Count(e => e.Name == "content_block_delta"));
        Assert.Equal("error", events[^1].Name);
        Assert.Equal(("api_error", FaultResponses.StreamErrorMessage), AnthropicError(events[^1].Data.GetRawText()));
        Assert.DoesNotContain("message_stop", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_and_truncated_json_after_the_last_token_leave_out_message_stop()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(2));

        var early = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "disconnect;after=5");
        var cut = await FaultClient.SendAsync(server, Path, Body(6, stream: true), "disconnect;after=6");
        var truncated = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "truncated-json;after=4");

        Assert.Equal(5, TextDeltas(early));
        Assert.NotNull(early.Error);
        Assert.Equal(6, TextDeltas(cut));
        Assert.NotNull(cut.Error);
        Assert.DoesNotContain("message_stop", cut.Body, StringComparison.Ordinal);
        Assert.Equal(4, TextDeltas(truncated));
        var tail = truncated.Body.Split("\n\n")[^1];
        Assert.StartsWith("event: content_block_delta\ndata: {", tail, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(tail.Split('\n')[1]["data: ".Length..]));
    }

    [Fact]
    public async Task Stall_delays_a_stream_that_then_completes_and_timeout_never_answers()
    {
        await using var server = await TestServers.StartAsync();

        var stalled = await FaultClient.SendAsync(server, Path, Body(6, stream: true), "stall;after=2;seconds=0.5");
        var timeout = await FaultClient.SendAsync(server, Path, Body(6, stream: true), "timeout", TimeSpan.FromSeconds(0.5));

        Assert.Null(stalled.Error);
        Assert.Equal(6, TextDeltas(stalled));
        Assert.Equal("message_stop", stalled.NamedEvents[^1].Name);
        Assert.True(stalled.Elapsed >= TimeSpan.FromSeconds(0.45), stalled.Elapsed.ToString());
        Assert.Null(timeout.Status);
        Assert.IsType<TaskCanceledException>(timeout.Error);
    }

    [Fact]
    public async Task Non_streaming_stream_error_is_a_500_in_anthropics_shape_and_disconnect_drops_the_connection()
    {
        await using var server = await TestServers.StartAsync();

        var streamError = await FaultClient.SendAsync(server, Path, Body(5, stream: false), "stream-error");
        var disconnect = await FaultClient.SendAsync(server, Path, Body(5, stream: false), "disconnect");
        var truncated = await FaultClient.SendAsync(server, Path, Body(5, stream: false), "truncated-json");

        Assert.Equal(HttpStatusCode.InternalServerError, streamError.Status);
        Assert.Equal("api_error", AnthropicError(streamError.Body).Type);
        Assert.Null(disconnect.Status);
        Assert.NotNull(truncated.Error);
        Assert.StartsWith("{\"id\":\"msg_", truncated.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_faults_apply_and_are_counted()
    {
        await using var server = await TestServers.StartAsync(o => o.Faults.Rates[FaultKind.RateLimit] = 1.0);

        var faulted = await FaultClient.SendAsync(server, Path, Body(3, stream: true), null);
        var exempt = await FaultClient.SendAsync(server, Path, Body(3, stream: true), "none");
        using var client = TestServers.Client(server);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.TooManyRequests, faulted.Status);
        Assert.Equal("rate_limit_error", AnthropicError(faulted.Body).Type);
        Assert.Equal(HttpStatusCode.OK, exempt.Status);
        Assert.Equal("message_stop", exempt.NamedEvents[^1].Name);
        Assert.Contains("fakeai_injected_faults_total{type=\"429\"} 1", metrics, StringComparison.Ordinal);
    }
}
