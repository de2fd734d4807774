using System.Text;
using FakeAI.Bench.Client;

namespace FakeAI.Bench.Tests.Client;

public sealed class BenchConnectionTests
{
    private const string JsonBody = "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}";
    private static readonly string JsonResponse = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {JsonBody.Length}\r\n\r\n{JsonBody}";

    private static async Task<string> BodyAsync(BenchConnection connection) =>
        Encoding.UTF8.GetString((await connection.ReadBodyToEndAsync(int.MaxValue, CancellationToken.None)).Span);

    [Fact]
    public async Task Content_length_responses_follow_each_other_on_one_keep_alive_connection()
    {
        var stream = new ScriptedStream(JsonResponse + JsonResponse);
        using var connection = new BenchConnection(stream);
        for (var i = 0; i < 2; i++)
        {
            var head = await connection.ReadHeadAsync(CancellationToken.None);
            Assert.Equal(new ResponseHead(200, null, JsonBody.Length, false, false, true), head);
            Assert.Equal(JsonBody, await BodyAsync(connection));
            Assert.True(connection.IsReusable);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Chunked_body_is_decoded_whatever_the_read_boundaries(int readSize)
    {
        var response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream; charset=utf-8\r\n\r\n"
            + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n" + JsonResponse;
        using var connection = new BenchConnection(new ScriptedStream(ScriptedStream.Split(response, readSize)));
        var head = await connection.ReadHeadAsync(CancellationToken.None);
        Assert.True(head.Chunked);
        Assert.True(head.IsEventStream);
        Assert.Equal("hello 0123456789", await BodyAsync(connection));
        Assert.True(connection.IsReusable);

        // The next response on the connection starts right after the trailers.
        Assert.Equal(200, (await connection.ReadHeadAsync(CancellationToken.None)).StatusCode);
        Assert.Equal(JsonBody, await BodyAsync(connection));
    }

    [Fact]
    public async Task Body_stream_delivers_a_chunked_sse_body_and_then_ends()
    {
        var response = "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\ncontent-type: text/event-stream\r\n\r\n"
            + "b\r\ndata: one\n\n\r\n" + "b\r\ndata: two\n\n\r\n" + "0\r\n\r\n";
        using var connection = new BenchConnection(new ScriptedStream(response));
        await connection.ReadHeadAsync(CancellationToken.None);
        using var reader = new StreamReader(connection.Body);
        Assert.Equal("data: one\n\ndata: two\n\n", await reader.ReadToEndAsync());
        Assert.True(connection.IsReusable);
    }

    [Fact]
    public async Task Interim_100_continue_is_skipped_and_a_split_head_is_reassembled()
    {
        var response = "HTTP/1.1 100 Continue\r\n\r\n" + JsonResponse;
        using var connection = new BenchConnection(new ScriptedStream(ScriptedStream.Split(response, 2)));
        Assert.Equal(200, (await connection.ReadHeadAsync(CancellationToken.None)).StatusCode);
        Assert.Equal(JsonBody, await BodyAsync(connection));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n{}")]
    public async Task Connections_the_server_closes_are_not_reused(string response)
    {
        using var connection = new BenchConnection(new ScriptedStream(response));
        await connection.ReadHeadAsync(CancellationToken.None);
        Assert.Equal("{}", await BodyAsync(connection));
        Assert.False(connection.IsReusable);
    }

    [Fact]
    public async Task Http10_keep_alive_is_honoured()
    {
        using var connection = new BenchConnection(new ScriptedStream("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}"));
        Assert.True((await connection.ReadHeadAsync(CancellationToken.None)).KeepAlive);
        await BodyAsync(connection);
        Assert.True(connection.IsReusable);
    }

    [Fact]
    public async Task Error_status_keeps_its_reason_phrase()
    {
        using var connection = new BenchConnection(new ScriptedStream("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 4\r\n\r\nslow"));
        var head = await connection.ReadHeadAsync(CancellationToken.None);
        Assert.Equal(429, head.StatusCode);
        Assert.Equal("Too Many Requests", head.ReasonPhrase);
        Assert.Equal("slow", await BodyAsync(connection));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")]
    public async Task Truncated_or_malformed_bodies_fail_with_an_io_error(string response)
    {
        using var connection = new BenchConnection(new ScriptedStream(response));
        await connection.ReadHeadAsync(CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => BodyAsync(connection));
        Assert.False(connection.IsReusable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    public async Task A_missing_or_invalid_head_fails_with_an_io_error(string response)
    {
        using var connection = new BenchConnection(new ScriptedStream(response));
        await Assert.ThrowsAsync<IOException>(async () => await connection.ReadHeadAsync(CancellationToken.None));
        Assert.Equal(response.Length == 0, connection.ReceivedNothing);
    }

    [Fact]
    public async Task Request_is_written_in_one_piece_with_ids_and_length()
    {
        var stream = new ScriptedStream();
        using var connection = new BenchConnection(stream);
        var template = new RequestTemplate(new Uri("http://127.0.0.1:8000/v1/chat/completions"), streaming: true, apiKey: "k", headers: []);
        await connection.SendAsync(template, "req-1", "corr-1", "{\"a\":1}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: fakeai/1.0\r\nAccept: text/event-stream\r\n"
            + "Content-Type: application/json\r\nAuthorization: Bearer k\r\nX-Request-ID: req-1\r\nX-Correlation-ID: corr-1\r\n"
            + "Content-Length: 7\r\n\r\n{\"a\":1}",
            stream.Written);
    }

    [Fact]
    public async Task User_headers_replace_built_in_ones_and_framing_headers_are_ignored()
    {
        var stream = new ScriptedStream();
        using var connection = new BenchConnection(stream);
        var template = new RequestTemplate(new Uri("https://example.com/v1/completions?x=1"), streaming: false, apiKey: null, headers:
        [
            new("accept", "*/*"),
            new("X-Request-ID", "fixed"),
            new("Content-Length", "999"),
            new("X-Tenant", "blue"),
        ]);
        await connection.SendAsync(template, "req-1", "corr-1", "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(
            "POST /v1/completions?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: fakeai/1.0\r\nContent-Type: application/json\r\n"
            + "accept: */*\r\nX-Request-ID: fixed\r\nX-Tenant: blue\r\nX-Correlation-ID: corr-1\r\nContent-Length: 2\r\n\r\n{}",
            stream.Written);
    }

    [Theory]
    [InlineData("Bad Name", "v")]
    [InlineData("X-Ok", "line\r\nX-Injected: 1")]
    [InlineData("", "v")]
    public void Invalid_headers_are_rejected(string name, string value)
    {
        Assert.False(RequestTemplate.IsValid(new(name, value)));
        Assert.Throws<ArgumentException>(() => new RequestTemplate(new Uri("http://h/"), false, null, [new(name, value)]));
    }
}
