using System.Net;
using System.Text.Json;
using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

/// <summary>Every fault on <c>POST /v1/responses</c>: OpenAI's error shape for the status faults, and the Responses API's
/// own events for the mid-stream ones (a stream that breaks never reaches <c>response.completed</c>; a stream error is
/// <c>response.failed</c>).</summary>
public sealed class ResponsesFaultTests
{
    private const string Path = "/v1/responses";

    private static string Body(int maxTokens, bool stream, string model = "gpt-4o", string extra = "") =>
        $$"""{"model":"{{model}}","input":"hello","max_output_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    private static JsonElement Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error");

    private static int TextDeltas(FaultClient.Received received) => received.NamedEvents.Count(e => e.Name == "response.output_text.delta");

    [Theory]
    [InlineData("500", HttpStatusCode.InternalServerError, "server_error", null, null)]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "server_error", null, null)]
    [InlineData("400", HttpStatusCode.BadRequest, "invalid_request_error", "input", "context_length_exceeded")]
    [InlineData("401", HttpStatusCode.Unauthorized, "invalid_request_error", null, "invalid_api_key")]
    [InlineData("429", HttpStatusCode.TooManyRequests, "requests", null, "rate_limit_exceeded")]
    public async Task Status_faults_answer_in_openai_error_shape(string fault, HttpStatusCode status, string type, string? param, string? code)
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(5, stream: true), fault);

        Assert.Equal(status, received.Status);
        var error = Error(received.Body);
        Assert.Equal((type, param, code), (error.GetProperty("type").GetString(), error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(fault, received.Header("X-FakeAI-Fault-Injected"));
        if (status == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal(("1", "0", "60"), (received.Header("Retry-After"), received.Header("x-ratelimit-remaining-requests"), received.Header("x-ratelimit-limit-requests")));
        }
    }

    [Fact]
    public async Task Disconnect_cuts_the_stream_after_exactly_k_text_deltas()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(2));

        var received = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "disconnect;after=5");

        Assert.Equal(HttpStatusCode.OK, received.Status);
        Assert.NotNull(received.Error);
        Assert.Equal(5, TextDeltas(received));
        Assert.DoesNotContain("response.completed", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_after_the_last_token_strikes_before_response_completed()
    {
        await using var server = await TestServers.StartAsync();

        var cut = await FaultClient.SendAsync(server, Path, Body(6, stream: true), "disconnect;after=6");
        var truncated = await FaultClient.SendAsync(server, Path, Body(6, stream: true), "truncated-json;after=6");

        Assert.Equal(6, TextDeltas(cut));
        Assert.DoesNotContain("response.completed", cut.Body, StringComparison.Ordinal);
        Assert.NotNull(cut.Error);

        // Half of the finish events that were due next (the …done events and response.completed), cut inside one of them.
        Assert.Equal(6, TextDeltas(truncated));
        Assert.DoesNotContain(truncated.NamedEvents, e => e.Name == "response.completed");
        var tail = truncated.Body.Split("\n\n")[^1];
        Assert.StartsWith("event: response.", tail, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(tail.Split('\n')[1]["data: ".Length..]));
        Assert.NotNull(truncated.Error);
    }

    [Fact]
    public async Task Stream_error_fails_the_response_with_response_failed_after_k_tokens()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "stream-error;after=3");

        Assert.Null(received.Error);
        var events = received.NamedEvents;
        Assert.Equal(3, events.Count(e => e.Name == "response.output_text.delta"));
        var (name, failed) = events[^1];
        Assert.Equal("response.failed", name);
        Assert.Equal("response.failed", failed.GetProperty("type").GetString());
        var response = failed.GetProperty("response");
        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.Equal("server_error", response.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(FaultResponses.StreamErrorMessage, response.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(events[0].Data.GetProperty("response").GetProperty("id").GetString(), response.GetProperty("id").GetString());

        // The failure is numbered in sequence with the events before it.
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.DoesNotContain("response.completed", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_json_sends_half_of_the_next_delta_then_closes()
    {
        await using var server = await TestServers.StartAsync();

        var received = await FaultClient.SendAsync(server, Path, Body(20, stream: true), "truncated-json;after=4");

        Assert.NotNull(received.Error);
        Assert.Equal(4, TextDeltas(received));
        var tail = received.Body.Split("\n\n")[^1];
        Assert.StartsWith("event: response.output_text.delta\ndata: {", tail, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(tail.Split('\n')[1]["data: ".Length..]));
    }

    [Fact]
    public async Task Stall_pauses_between_two_tokens_then_the_response_completes()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(10));

        var received = await FaultClient.SendAsync(server, Path, Body(10, stream: true), "stall;after=4;seconds=1");

        Assert.Null(received.Error);
        var events = received.NamedEvents;
        Assert.Equal(10, events.Count(e => e.Name == "response.output_text.delta"));
        Assert.Equal("response.completed", events[^1].Name);
        Assert.True(received.Elapsed >= TimeSpan.FromSeconds(0.95), received.Elapsed.ToString());
    }

    [Fact]
    public async Task A_reasoning_models_summary_deltas_count_as_tokens_before_the_text_starts()
    {
        await using var server = await TestServers.StartAsync();

        // gpt-oss spends half of max_output_tokens reasoning: 5 summary deltas, then the message item opens for the text.
        var received = await FaultClient.SendAsync(
            server, Path, Body(10, stream: true, "openai/gpt-oss-20b", ""","reasoning":{"summary":"auto"}"""), "disconnect;after=7");

        var events = received.NamedEvents;
        Assert.Equal(5, events.Count(e => e.Name == "response.reasoning_summary_text.delta"));
        Assert.Equal(2, events.Count(e => e.Name == "response.output_text.delta"));
        Assert.Contains(events, e => e.Name == "response.output_item.added" && e.Data.GetProperty("item").GetProperty("type").GetString() == "message");
        Assert.NotNull(received.Error);
    }

    [Fact]
    public async Task Non_streaming_faults_drop_the_connection_delay_the_answer_fail_with_500_or_cut_the_body()
    {
        await using var server = await TestServers.StartAsync();
        var body = Body(10, stream: false);

        var disconnect = await FaultClient.SendAsync(server, Path, body, "disconnect");
        var stall = await FaultClient.SendAsync(server, Path, body, "stall;seconds=0.5");
        var streamError = await FaultClient.SendAsync(server, Path, body, "stream-error");
        var truncated = await FaultClient.SendAsync(server, Path, body, "truncated-json");
        var timeout = await FaultClient.SendAsync(server, Path, body, "timeout", TimeSpan.FromSeconds(0.5));

        Assert.Null(disconnect.Status);
        Assert.Equal(HttpStatusCode.OK, stall.Status);
        Assert.True(stall.Elapsed >= TimeSpan.FromSeconds(0.45), stall.Elapsed.ToString());
        Assert.Equal("completed", JsonDocument.Parse(stall.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, streamError.Status);
        Assert.Equal("server_error", Error(streamError.Body).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, truncated.Status);
        Assert.NotNull(truncated.Error);
        Assert.StartsWith("{\"id\":\"resp_", truncated.Body, StringComparison.Ordinal);
        Assert.Null(timeout.Status);
        Assert.IsType<TaskCanceledException>(timeout.Error);
    }

    [Fact]
    public async Task Random_faults_apply_and_are_counted_but_reading_a_stored_response_takes_none()
    {
        await using var server = await TestServers.StartAsync(o => o.Faults.Rates[FaultKind.Overloaded] = 1.0);

        var faulted = await FaultClient.SendAsync(server, Path, Body(3, stream: false), null);
        var exempt = await FaultClient.SendAsync(server, Path, Body(3, stream: false), "none");
        var id = JsonDocument.Parse(exempt.Body).RootElement.GetProperty("id").GetString();
        using var client = TestServers.Client(server);
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Path}/{id}");
        get.Headers.TryAddWithoutValidation("X-FakeAI-Fault", "429");
        using var stored = await client.SendAsync(get);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.Status);
        Assert.Equal(HttpStatusCode.OK, exempt.Status);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains("fakeai_injected_faults_total{type=\"503\"} 1", metrics, StringComparison.Ordinal);
    }
}
