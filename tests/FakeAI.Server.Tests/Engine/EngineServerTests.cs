using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FakeAI.Server.Tests.Engine;

/// <summary>
/// <c>--engine batching</c> on a real loopback server. Bounds are generous (the machine is shared); lower bounds are
/// safe because no token can leave before its step ends.
/// </summary>
public sealed partial class EngineServerTests
{
    // Token-id prompts of exactly the reference length, so a lone request's TTFT is exactly --ttft.
    private const int PromptTokens = 1024;

    [GeneratedRegex(@"^vllm:num_requests_waiting\{worker=""worker-0""\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex WaitingPattern();

    [GeneratedRegex(@"^vllm:num_requests_running\{worker=""worker-0""\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex RunningPattern();

    [Fact]
    public async Task A_lone_streamed_request_sees_the_ttft_and_the_itl()
    {
        await using var server = await StartAsync(maxNumSeqs: 256);
        using var client = TestServers.Client(server);

        var tokens = await StreamAsync(client, first: 1, outputTokens: 20);

        Assert.Equal(20, tokens.Count);
        Assert.InRange(tokens[0], 95, 700);
        Assert.InRange(tokens[^1], 100 + (19 * 10) - 5, 100 + (19 * 10) + 700);
        Assert.InRange((tokens[^1] - tokens[0]) / 19, 0, 40);

        // One prefill step, then one decode step per further token.
        using var state = JsonDocument.Parse(await client.GetStringAsync(new Uri("/engine/metrics", UriKind.Relative)));
        var worker = state.RootElement.GetProperty("workers")[0];
        Assert.Equal("batching", state.RootElement.GetProperty("engine").GetString());
        Assert.Equal((20, PromptTokens, 1, 0), (
            worker.GetProperty("steps_total").GetInt32(), worker.GetProperty("prefill_tokens_total").GetInt32(),
            worker.GetProperty("finished_total").GetInt32(), worker.GetProperty("used_blocks").GetInt32()));
    }

    [Fact]
    public async Task Past_max_num_seqs_requests_wait_and_metrics_show_them_waiting()
    {
        await using var server = await StartAsync(maxNumSeqs: 2);
        using var client = TestServers.Client(server);
        using var polling = new CancellationTokenSource();
        var maxWaiting = 0;
        var maxRunning = 0;
        var poller = Task.Run(async () =>
        {
            while (!polling.IsCancellationRequested)
            {
                var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                maxWaiting = Math.Max(maxWaiting, int.Parse(WaitingPattern().Match(metrics).Groups[1].Value, CultureInfo.InvariantCulture));
                maxRunning = Math.Max(maxRunning, int.Parse(RunningPattern().Match(metrics).Groups[1].Value, CultureInfo.InvariantCulture));
                await Task.Delay(10);
            }
        });

        // Distinct first tokens: no request finds another's prompt in the prefix cache.
        var streams = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => StreamAsync(client, first: 1 + i, outputTokens: 20)));
        await polling.CancelAsync();
        await poller;

        // Alone, a request lasts 100 + 19 × 10 = 290 ms; two at a time, the last two can only start when earlier ones end.
        var ttfts = streams.Select(s => s[0]).Order().ToArray();
        Assert.True(ttfts[^2] >= 280, "TTFTs: " + string.Join(", ", ttfts));
        Assert.All(streams, s => Assert.Equal(20, s.Count));
        Assert.True(maxWaiting > 0, "vllm:num_requests_waiting never rose above 0");
        Assert.InRange(maxRunning, 1, 2);

        var metricsAfter = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("vllm:request_queue_time_seconds_count{worker=\"worker-0\"} 6", metricsAfter, StringComparison.Ordinal);
        Assert.Contains("vllm:request_prefill_time_seconds_count{worker=\"worker-0\"} 6", metricsAfter, StringComparison.Ordinal);
        Assert.Contains("vllm:request_decode_time_seconds_count{worker=\"worker-0\"} 6", metricsAfter, StringComparison.Ordinal);
        Assert.Contains("vllm:num_preemptions_total{worker=\"worker-0\"} 0", metricsAfter, StringComparison.Ordinal);
        Assert.Contains("vllm:kv_cache_usage_perc{worker=\"worker-0\"} 0", metricsAfter, StringComparison.Ordinal);
        Assert.Matches(@"vllm:iteration_tokens_total_count\{worker=""worker-0""\} \d+", metricsAfter);
        Assert.DoesNotContain("vllm:num_requests_running{model_name", metricsAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_goes_away_takes_its_sequence_out_of_the_engine()
    {
        await using var server = await StartAsync(maxNumSeqs: 256);
        using var client = TestServers.Client(server);

        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/completions", UriKind.Relative)) { Content = Body(1, 5_000) })
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement worker;
        do
        {
            await Task.Delay(20);
            using var state = JsonDocument.Parse(await client.GetStringAsync(new Uri("/engine/metrics", UriKind.Relative)));
            worker = state.RootElement.GetProperty("workers")[0].Clone();
        }
        while (worker.GetProperty("aborted_total").GetInt32() == 0 && DateTime.UtcNow < deadline);

        Assert.Equal((1, 0, 0), (worker.GetProperty("aborted_total").GetInt32(), worker.GetProperty("running").GetInt32(), worker.GetProperty("used_blocks").GetInt32()));
    }

    [Fact]
    public async Task A_non_streaming_request_is_held_until_its_last_token()
    {
        await using var server = await StartAsync(maxNumSeqs: 256);
        using var client = TestServers.Client(server);

        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync(new Uri("/v1/completions", UriKind.Relative), Body(1, 10, stream: false));

        Assert.True(response.IsSuccessStatusCode);
        Assert.InRange(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 100 + (9 * 10) - 5, 100 + (9 * 10) + 700);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"tell me a story"}],"max_tokens":8,"stream":true}""")]
    [InlineData("/v1/responses", """{"model":"m","input":"tell me a story","max_output_tokens":8,"stream":true}""")]
    [InlineData("/v1/messages", """{"model":"m","messages":[{"role":"user","content":"tell me a story"}],"max_tokens":8,"stream":true}""")]
    [InlineData("/v1/responses", """{"model":"m","input":"tell me a story","max_output_tokens":8}""")]
    [InlineData("/v1/messages", """{"model":"m","messages":[{"role":"user","content":"tell me a story"}],"max_tokens":8}""")]
    public async Task Every_generating_api_runs_its_sequence_through_the_engine(string path, string json)
    {
        await using var server = await StartAsync(maxNumSeqs: 256);
        using var client = TestServers.Client(server);

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), TestServers.Json(json));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        using var state = JsonDocument.Parse(await client.GetStringAsync(new Uri("/engine/metrics", UriKind.Relative)));
        var worker = state.RootElement.GetProperty("workers")[0];
        // One sequence, prefilled and decoded step by step (the first token leaves with the prefill), then released.
        Assert.Equal(1, worker.GetProperty("finished_total").GetInt32());
        Assert.InRange(worker.GetProperty("prefill_tokens_total").GetInt32(), 1, 100);
        Assert.InRange(worker.GetProperty("steps_total").GetInt32(), 2, 8);
        Assert.Equal((0, 0), (worker.GetProperty("running").GetInt32(), worker.GetProperty("used_blocks").GetInt32()));
    }

    private static Task<FakeAIServer> StartAsync(int maxNumSeqs) => TestServers.StartAsync(o =>
    {
        o.Engine = EngineMode.Batching;
        o.Ttft = LatencySpec.Exact(100);
        o.Itl = LatencySpec.Exact(10);
        o.MaxNumSeqs = maxNumSeqs;
        o.KvCache.Workers = 1;
    });

    private static StringContent Body(int first, int outputTokens, bool stream = true)
    {
        var prompt = string.Join(',', Enumerable.Range(0, PromptTokens).Select(i => (i == 0 ? first : 1000 + i).ToString(CultureInfo.InvariantCulture)));
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"model":"m","prompt":[{{prompt}}],"max_tokens":{{outputTokens}},"stream":{{(stream ? "true" : "false")}}}""");
        return TestServers.Json(json);
    }

    /// <summary>Streams a completion and returns when each token chunk arrived, in ms since the request was sent.</summary>
    private static async Task<List<double>> StreamAsync(HttpClient client, int first, int outputTokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/completions", UriKind.Relative)) { Content = Body(first, outputTokens) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var arrivals = new List<double>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal) && line.Contains("\"text\":\"", StringComparison.Ordinal))
            {
                using var chunk = JsonDocument.Parse(line["data: ".Length..]);
                if (chunk.RootElement.GetProperty("choices")[0].GetProperty("text").GetString() is { Length: > 0 })
                {
                    arrivals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        return arrivals;
    }
}
