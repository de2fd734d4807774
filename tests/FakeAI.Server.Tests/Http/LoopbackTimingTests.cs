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

        Assert.Equal(21, chunks);
        Assert.InRange(first, 95, 1_000);
        Assert.InRange(last - first, 190, 600);
    }

    [Fact]
    public async Task Prefill_per_token_lengthens_ttft()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(10);
            o.PrefillPerTokenMs = 2;
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
