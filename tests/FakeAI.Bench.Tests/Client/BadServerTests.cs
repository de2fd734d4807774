namespace FakeAI.Bench.Tests.Client;

/// <summary>Servers that answer 200 but wrongly, or send more than the client will hold: every such request is an error
/// with a row in the error summary that says why, and the run goes on.</summary>
public sealed class BadServerTests
{
    private static ProfileConfig Config(string url, bool streaming = true) => new()
    {
        Models = ["m"],
        Url = url,
        Streaming = streaming,
        Concurrency = 2,
        RequestCount = 4,
        RequestCountSet = true,
        InputTokensMean = 10,
        ConversationNum = 2,
        RandomSeed = 1,
    };

    private static async Task<Records.ErrorSummaryEntry> SingleErrorAsync(ScriptedHttpServer server, ProfileConfig config)
    {
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(0, result.SuccessCount);
        Assert.Equal(4, result.ErrorCount);
        var entry = Assert.Single(result.ErrorSummary);
        Assert.Equal(4, entry.Count);
        Assert.Equal(4, server.Requests);
        return entry;
    }

    [Fact]
    public async Task An_html_page_with_status_200_is_an_unexpected_content_type_error()
    {
        const string html = "<html><body>Gateway login</body></html>";
        await using var server = new ScriptedHttpServer(_ =>
            [($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {html.Length}\r\nConnection: close\r\n\r\n{html}", 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url));
        Assert.Equal(200, entry.Details.Code);
        Assert.Equal("UnexpectedContentType", entry.Details.Type);
        Assert.Contains("text/html", entry.Details.Message, StringComparison.Ordinal);
        Assert.Contains("<html><body>Gateway login", entry.Details.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_whose_every_event_is_invalid_json_is_an_invalid_response_error()
    {
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Sse("{\"choices\":[{\"delta\":{\"content\":\"hi", "not json", "[DONE]"), 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url));
        Assert.Equal("InvalidResponse", entry.Details.Type);
        Assert.Equal("no event of the stream was valid JSON", entry.Details.Message);
    }

    [Fact]
    public async Task A_non_streamed_body_that_is_not_json_is_an_invalid_response_error()
    {
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Json(200, "{\"choices\": [trunc"), 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url, streaming: false));
        Assert.Equal("InvalidResponse", entry.Details.Type);
        Assert.Equal("the response body is not valid JSON", entry.Details.Message);
    }

    [Fact]
    public async Task A_close_delimited_stream_cut_off_before_done_is_an_error_not_a_success()
    {
        // Content arrives, then the server closes the connection: without [DONE] the answer may be cut short.
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hello"), ScriptedHttpServer.Chunk(content: " wor")), 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url));
        Assert.Equal("IncompleteStream", entry.Details.Type);
        Assert.Equal("stream ended before [DONE]", entry.Details.Message);
    }

    [Fact]
    public async Task An_error_object_inside_a_200_stream_is_reported_with_its_message()
    {
        await using var server = new ScriptedHttpServer(_ =>
            [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hi"), "{\"error\":{\"message\":\"engine overloaded\",\"type\":\"server_error\",\"code\":503}}", "[DONE]"), 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url));
        Assert.Equal(new Records.ErrorDetails(503, "server_error", "engine overloaded"), entry.Details);
    }

    [Fact]
    public async Task An_sse_line_longer_than_the_limit_fails_the_request_without_buffering_it()
    {
        // 1 MB of data with no newline, sent in 64 KB writes; the limit is 64 KB.
        var line = "data: " + new string('x', 64 * 1024);
        await using var server = new ScriptedHttpServer(_ =>
            [(ScriptedHttpServer.SseHeader, 0), .. Enumerable.Repeat((line, 0), 16)]);
        var entry = await SingleErrorAsync(server, Config(server.Url) with { MaxSseLineBytes = 64 * 1024 });
        Assert.Equal(200, entry.Details.Code);
        Assert.Equal("ResponseTooLarge", entry.Details.Type);
        Assert.Equal("an SSE line exceeds the 65536-byte limit", entry.Details.Message);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_fails_by_its_content_length_or_as_it_arrives()
    {
        var body = "{\"choices\":[{\"message\":{\"content\":\"" + new string('y', 5000) + "\"}}]}";
        await using (var declared = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Json(200, body), 0)]))
        {
            var entry = await SingleErrorAsync(declared, Config(declared.Url, streaming: false) with { MaxResponseBytes = 4096 });
            Assert.Equal("ResponseTooLarge", entry.Details.Type);
            Assert.StartsWith($"the response body ({body.Length} bytes by its Content-Length) exceeds the 4096-byte limit", entry.Details.Message, StringComparison.Ordinal);
        }

        // Close-delimited: no length announced, so the limit applies to what arrived.
        await using var undeclared = new ScriptedHttpServer(_ => [($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}", 0)]);
        var streamed = await SingleErrorAsync(undeclared, Config(undeclared.Url, streaming: false) with { MaxResponseBytes = 4096 });
        Assert.Equal("the response body exceeds the 4096-byte limit", streamed.Details.Message);
    }

    [Fact]
    public async Task An_absurd_content_length_fails_at_once()
    {
        await using var server = new ScriptedHttpServer(_ => [("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900000000000\r\nConnection: close\r\n\r\n{}", 0)]);
        var entry = await SingleErrorAsync(server, Config(server.Url, streaming: false));
        Assert.Equal("ResponseTooLarge", entry.Details.Type);
    }
}
