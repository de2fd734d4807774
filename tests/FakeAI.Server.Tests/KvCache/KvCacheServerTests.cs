using System.Diagnostics;
using System.Text.Json;
using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

/// <summary>The KV cache simulation seen from a client of a real loopback server.</summary>
public sealed class KvCacheServerTests
{
    private const string Model = "meta-llama/Llama-3.1-8B-Instruct";

    private static readonly string SystemPrompt = string.Join(
        ' ', Enumerable.Range(0, 60).Select(i => "rule " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " says be brief"));

    private static string ChatBody(string user, bool stream = false, int maxTokens = 3) => JsonSerializer.Serialize(new
    {
        model = Model,
        messages = new object[] { new { role = "system", content = SystemPrompt }, new { role = "user", content = user } },
        max_tokens = maxTokens,
        stream,
        stream_options = stream ? new { include_usage = true } : null,
    });

    private static async Task<(int Prompt, int Cached, string? Worker)> ChatAsync(HttpClient client, string user)
    {
        using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(ChatBody(user)));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = doc.RootElement.GetProperty("usage");
        return (usage.GetProperty("prompt_tokens").GetInt32(),
                usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(),
                response.Headers.TryGetValues(KvWorkerHeader.Name, out var values) ? values.Single() : null);
    }

    private static async Task<JsonElement> KvMetricsAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/kv-cache/metrics"));
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task A_repeated_chat_prompt_is_cached_on_the_same_worker_and_named_in_a_header()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        var first = await ChatAsync(client, "What is a KV cache?");
        await TestServers.WaitForKvIdleAsync(server);
        var second = await ChatAsync(client, "What is a KV cache?");
        await TestServers.WaitForKvIdleAsync(server);
        var sharedPrefixOnly = await ChatAsync(client, "Something else entirely, with other words.");

        Assert.Equal(0, first.Cached);
        Assert.StartsWith("worker-", first.Worker, StringComparison.Ordinal);
        Assert.Equal(first.Worker, second.Worker);
        Assert.Equal(first.Prompt, second.Prompt);
        Assert.InRange(second.Cached, first.Prompt - 15, first.Prompt);
        Assert.Equal(0, second.Cached % 16);
        Assert.InRange(sharedPrefixOnly.Cached, 16, sharedPrefixOnly.Prompt - 1);
        Assert.Equal(first.Worker, sharedPrefixOnly.Worker);
    }

    [Fact]
    public async Task Streaming_chat_and_completions_report_cached_tokens_in_usage()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        async Task<int> StreamCachedAsync()
        {
            using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(ChatBody("Stream it.", stream: true)));
            Assert.True(response.Headers.Contains(KvWorkerHeader.Name));
            var usageLine = (await response.Content.ReadAsStringAsync())
                .Split('\n').Last(l => l.StartsWith("data: {", StringComparison.Ordinal) && l.Contains("\"usage\"", StringComparison.Ordinal));
            using var doc = JsonDocument.Parse(usageLine["data: ".Length..]);
            return doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32();
        }

        async Task<int> CompletionCachedAsync()
        {
            var body = JsonSerializer.Serialize(new { model = Model, prompt = SystemPrompt, max_tokens = 2 });
            using var response = await client.PostAsync("/v1/completions", TestServers.Json(body));
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32();
        }

        Assert.Equal(0, await StreamCachedAsync());
        await TestServers.WaitForKvIdleAsync(server);
        Assert.True(await StreamCachedAsync() > 0);
        await TestServers.WaitForKvIdleAsync(server);

        // The completion prompt is the chat's system prompt: its blocks are already cached.
        Assert.True(await CompletionCachedAsync() > 0);
    }

    [Fact]
    public async Task A_token_id_prompt_is_cached_by_its_ids()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Workers = 1);
        using var client = TestServers.Client(server);
        var body = JsonSerializer.Serialize(new { model = Model, prompt = Enumerable.Range(1_000, 70).ToArray(), max_tokens = 1 });

        async Task<(int Prompt, int Cached)> SendAsync()
        {
            using var response = await client.PostAsync("/v1/completions", TestServers.Json(body));
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var usage = doc.RootElement.GetProperty("usage");
            return (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        }

        Assert.Equal((70, 0), await SendAsync());
        Assert.Equal((70, 64), await SendAsync()); // 4 full blocks of 16; the 6-token tail is never cached
    }

    [Fact]
    public async Task Cached_tokens_skip_prefill_and_shorten_the_response_time()
    {
        // 3 ms per prompt token makes the miss ~1 s, so a scheduling hiccup of a few hundred ms on a loaded machine cannot
        // bring the hit (a few cached blocks short of nothing to prefill) above half of it.
        await using var server = await TestServers.StartAsync(o => o.PrefillPerTokenMs = 3.0);
        using var client = TestServers.Client(server);

        async Task<(double Ms, int Prompt, int Cached)> TimedAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var result = await ChatAsync(client, "Timing question.");
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Prompt, result.Cached);
        }

        var miss = await TimedAsync();
        await TestServers.WaitForKvIdleAsync(server);
        var hit = await TimedAsync();

        Assert.True(miss.Ms >= miss.Prompt * 3 * 0.95, $"miss took {miss.Ms:F0} ms for {miss.Prompt} prompt tokens at 3 ms/token");
        Assert.True(hit.Cached > 0);
        Assert.True(hit.Ms < miss.Ms / 2, $"hit took {hit.Ms:F0} ms, miss {miss.Ms:F0} ms");
    }

    [Fact]
    public async Task Metrics_endpoint_and_prometheus_show_per_worker_cache_state()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Workers = 2);
        using var client = TestServers.Client(server);
        await ChatAsync(client, "Count me.");
        var hit = await ChatAsync(client, "Count me.");

        var metrics = await KvMetricsAsync(client);
        Assert.True(metrics.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, metrics.GetProperty("workers").GetArrayLength());
        var worker = metrics.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("worker").GetString() == hit.Worker);
        Assert.Equal(2, worker.GetProperty("routed_requests").GetInt64());
        Assert.Equal(hit.Cached, worker.GetProperty("hit_tokens").GetInt64());
        Assert.Equal(0, worker.GetProperty("running_requests").GetInt32());
        Assert.True(worker.GetProperty("used_blocks").GetInt32() > 0);
        Assert.Equal(16_384, worker.GetProperty("capacity_blocks").GetInt32());
        Assert.Equal(2L * hit.Prompt, metrics.GetProperty("totals").GetProperty("query_tokens").GetInt64());

        var prometheus = await client.GetStringAsync("/metrics");
        Assert.Contains($"vllm:prefix_cache_hits_total{{worker=\"{hit.Worker}\"}} {hit.Cached}", prometheus, StringComparison.Ordinal);
        Assert.Contains($"vllm:prefix_cache_queries_total{{worker=\"{hit.Worker}\"}} {2 * hit.Prompt}", prometheus, StringComparison.Ordinal);
        Assert.Contains("vllm:kv_cache_usage_perc{worker=\"worker-1\"}", prometheus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_disconnect_mid_stream_releases_the_request()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(50));
        using var client = TestServers.Client(server);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = TestServers.Json(ChatBody("Long answer.", stream: true, maxTokens: 400)) })
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadAtLeastAsync(new byte[64], 1);
            var running = await KvMetricsAsync(client);
            Assert.Equal(1, running.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("running_requests").GetInt32()));
        }

        // The server notices the reset on its next write (every 50 ms); allow a generous bound on a busy machine.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        int runningAfter, pinnedAfter;
        do
        {
            await Task.Delay(50);
            var metrics = await KvMetricsAsync(client);
            runningAfter = metrics.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("running_requests").GetInt32());
            pinnedAfter = metrics.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("pinned_blocks").GetInt32());
        }
        while ((runningAfter > 0 || pinnedAfter > 0) && Stopwatch.GetTimestamp() < deadline);

        Assert.Equal((0, 0), (runningAfter, pinnedAfter));
    }

    [Fact]
    public async Task With_the_cache_off_nothing_is_cached_and_no_worker_is_named()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCacheEnabled = false);
        using var client = TestServers.Client(server);

        await ChatAsync(client, "Same again.");
        var second = await ChatAsync(client, "Same again.");

        Assert.Equal((0, (string?)null), (second.Cached, second.Worker));
        var metrics = await KvMetricsAsync(client);
        Assert.False(metrics.GetProperty("enabled").GetBoolean());
        Assert.DoesNotContain("prefix_cache", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_cache_settings_refuse_to_start_with_every_error()
    {
        var options = new FakeAIServerOptions
        {
            Port = 0,
            KvCache = new KvCacheOptions { BlockSize = 0, Workers = 0, CapacityBlocks = 0 },
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => FakeAIServer.StartAsync(options));

        Assert.Contains("block size", ex.Message, StringComparison.Ordinal);
        Assert.Contains("workers", ex.Message, StringComparison.Ordinal);
        Assert.Contains("capacity", ex.Message, StringComparison.Ordinal);
        Assert.Single(new FakeAIServerOptions { KvCache = new KvCacheOptions { CapacityBlocks = 100 } }.Validate());
    }
}
