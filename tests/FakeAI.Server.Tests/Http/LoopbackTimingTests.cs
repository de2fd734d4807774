using System.Diagnostics;
using System.Text;

namespace FakeAI.Server.Tests.Http;

/// <summary>Real-clock behaviour on loopback with generous bounds; precision figures live in benchmarks/.</summary>
public sealed class LoopbackTimingTests
{
    private static async Task<(double FirstTokenMs, double LastTokenMs, int Chunks)> StreamAsync(FakeAIServer server, string json)
    {
        using var client = TestServers.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = TestServers.Json(json) };
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        double first = -1, last = -1;
        var chunks = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                var now = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (first < 0)
                {
                    first = now;
                }

                last = now;
                chunks++;
            }
        }

        return (first, last, chunks);
    }

    [Fact]
    public async Task Streaming_follows_ttft_and_itl()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(100);
            o.Itl = LatencySpec.Exact(10);
        });

        const string json = """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":21,"stream":true}""";
        await StreamAsync(server, json);

        var (first, last, chunks) = await StreamAsync(server, json);

        // Lower bounds are exact (a token is never early); upper bounds are generous because the client shares the
        // machine (and this process) with every other test and may read late.
        Assert.Equal(21, chunks);
        Assert.InRange(first, 95, 1_500);
        Assert.InRange(last, 295, 2_000);
    }

    [Fact]
    public async Task Ttft_counts_from_the_requests_arrival_not_from_when_its_body_was_parsed()
    {
        await using var server = await TestServers.StartAsync(o => o.Ttft = LatencySpec.Exact(600));
        var body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1,"stream":true}""");
        var head = Encoding.ASCII.GetBytes($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(server.Url.Host, server.Url.Port);
        await using var stream = new System.Net.Sockets.NetworkStream(socket);

        // The body follows the headers 400 ms later: a server that started TTFT once the body was in would answer
        // 600 ms after that; one that starts at arrival answers about 200 ms after it.
        await stream.WriteAsync(head);
        await Task.Delay(400);
        await stream.WriteAsync(body);
        var bodySent = Stopwatch.GetTimestamp();
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "the server closed the connection before the first event");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.InRange(Stopwatch.GetElapsedTime(bodySent).TotalMilliseconds, 150, 550);
    }

    [Fact]
    public async Task Prefill_per_token_lengthens_ttft()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(10);
            o.PrefillPerTokenMs = 2;
            o.KvCacheEnabled = false; // the repeated prompt would otherwise be a KV cache hit and skip its prefill
        });
        var prompt = string.Join(' ', Enumerable.Repeat("hello", 100));

        var json = $$"""{"model":"m","messages":[{"role":"user","content":"{{prompt}}"}],"max_tokens":2,"stream":true}""";
        await StreamAsync(server, json);

        var (first, _, _) = await StreamAsync(server, json);

        Assert.InRange(first, 205, 1_200);
    }

    [Fact]
    public async Task Non_streaming_waits_ttft_plus_n_minus_one_itl_unless_disabled()
    {
        await using var delayed = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(50);
            o.Itl = LatencySpec.Exact(10);
        });
        await using var immediate = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(2_000);
            o.Itl = LatencySpec.Exact(100);
            o.DelayNonStreaming = false;
        });
        const string json = """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":16}""";

        async Task<double> TimeAsync(FakeAIServer server)
        {
            using var client = TestServers.Client(server);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(json));
            response.EnsureSuccessStatusCode();
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        await TimeAsync(delayed);
        Assert.InRange(await TimeAsync(delayed), 195, 1_200);
        Assert.InRange(await TimeAsync(immediate), 0, 1_000);
    }
}
