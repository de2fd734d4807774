using System.Globalization;
using System.Text.Json;
using FakeAI.Server;

namespace FakeAI.Cli.Tests.Benchmark;

[Collection(LoadTests.Name)]
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakeai-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file of the last run: each bench writes into its own run folder, and bench-latest points at it.</summary>
    private string File(string name) => Path.Combine(_dir, "bench-latest", name);

    private static double Metric(JsonElement test, string name) =>
        test.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();

    private static string Cell(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task All_without_memory_writes_every_report_and_derivable_values()
    {
        // TTFT jitter of ±100 % spreads the latencies, so a P90 column filled with P50 (a bug of the Python FakeAI) would show.
        // The KV cache is off, so kv-cache must say the server exposes none instead of inventing numbers.
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.Ttft = new LatencySpec(20, 100);
            o.KvCacheEnabled = false;
        });

        var (exitCode, output) = await CliRunner.RunAsync(
            "bench", "all", "--url", server.Url.ToString(), "--quick", "--skip-memory", "--sustained-seconds", "2", "--output-dir", _dir);

        Assert.Equal(0, exitCode);
        Assert.Contains("kv-cache: unsupported", output, StringComparison.Ordinal);

        // Off a terminal, each load test's progress is a line every 10 % or 10 s below the test's own line.
        var lines = output.Split('\n');
        var smallStream = Array.FindIndex(lines, l => l.TrimEnd() == "  Small stream");
        Assert.True(smallStream >= 0, output);
        Assert.Matches(@"^    profiling: \d+/\d+ .* in flight, TTFT p50 ", lines[smallStream + 1]);
        foreach (var file in new[] { "throughput_results.md", "throughput_results.json", "kv_cache_results.md", "kv_cache_results.json", "concurrent_results.md", "concurrent_results.json", "BENCHMARK_SUMMARY.md", "report.html" })
        {
            Assert.True(System.IO.File.Exists(File(file)), file);
        }

        Assert.False(System.IO.File.Exists(File("memory_results.json")));

        using var throughput = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("throughput_results.json")));
        Assert.Equal("fakeai.bench.v1", throughput.RootElement.GetProperty("schema").GetString());
        var tests = throughput.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(
            ["Small non-stream", "Small stream", "Medium non-stream", "Medium stream", "Large non-stream", "Large stream", "High concurrency small non-stream"],
            tests.Select(t => t.GetProperty("name").GetString()));
        var markdown = await System.IO.File.ReadAllTextAsync(File("throughput_results.md"));
        foreach (var test in tests)
        {
            Assert.True(test.GetProperty("success").GetBoolean());
            var name = test.GetProperty("name").GetString()!;
            var p50 = Metric(test, "latency_p50");
            var p90 = Metric(test, "latency_p90");
            Assert.NotEqual(p50, p90);
            Assert.Contains($" | {Cell(p50)} | {Cell(p90)} | {Cell(Metric(test, "latency_p99"))} |", markdown, StringComparison.Ordinal);

            // Output tokens/s comes from completion tokens: max_completion_tokens per request × request rate,
            // not (prompt + completion) tokens.
            var completionPerRequest = name.StartsWith("Small", StringComparison.Ordinal) || name.StartsWith("High", StringComparison.Ordinal) ? 50
                : name.StartsWith("Medium", StringComparison.Ordinal) ? 200 : 500;
            Assert.Equal(completionPerRequest, Metric(test, "output_tokens_per_second") / Metric(test, "requests_per_second"), 1);
        }

        Assert.Contains("## Streaming vs Non-Streaming", markdown, StringComparison.Ordinal);
        Assert.True(Metric(tests[1], "ttft_avg") > 0);
        Assert.DoesNotContain(tests[0].GetProperty("metrics").EnumerateArray(), m => m.GetProperty("name").GetString() == "ttft_avg");

        using var kv = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("kv_cache_results.json")));
        Assert.Equal("unsupported", kv.RootElement.GetProperty("status").GetString());
        Assert.Empty(kv.RootElement.GetProperty("tests").EnumerateArray());
        Assert.Contains("server does not expose a KV cache", await System.IO.File.ReadAllTextAsync(File("kv_cache_results.md")), StringComparison.Ordinal);

        using var concurrent = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("concurrent_results.json")));
        var ctests = concurrent.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(["10 concurrent", "50 concurrent"], ctests.Take(2).Select(t => t.GetProperty("name").GetString()));
        // Four waves per level, so each level runs at the concurrency it names.
        Assert.Equal(40, Metric(ctests[0], "requests"));
        Assert.Equal(200, Metric(ctests[1], "requests"));
        var sustained = ctests[2];
        Assert.StartsWith("Sustained 10 rps for 2 s", sustained.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.InRange(Metric(sustained, "achieved_send_rps"), 8, 12);
        Assert.Contains(ctests, t => t.GetProperty("name").GetString() == "Ramp 10 concurrent");
        var concurrentMd = await System.IO.File.ReadAllTextAsync(File("concurrent_results.md"));
        Assert.Contains("## Sustained load (open loop)", concurrentMd, StringComparison.Ordinal);
        Assert.Contains("Knee: **", concurrentMd, StringComparison.Ordinal);

        var summary = await System.IO.File.ReadAllTextAsync(File("BENCHMARK_SUMMARY.md"));
        foreach (var section in new[] { "## Server Information", "## throughput", "## kv-cache", "## concurrent", "## Recommendations" })
        {
            Assert.Contains(section, summary, StringComparison.Ordinal);
        }

        // Warm-up by default, said in the console and the summary; a server at a URL has settings the bench cannot know.
        Assert.Contains("Warm-up: 200 requests (streaming at concurrency 50; non-streaming at concurrency 50) before the first measured run", output, StringComparison.Ordinal);
        Assert.Contains("- Warm-up: 200 requests (streaming at concurrency 50; non-streaming at concurrency 50)", summary, StringComparison.Ordinal);
        Assert.Contains("- Server settings: not known to the benchmark", summary, StringComparison.Ordinal);

        var html = await System.IO.File.ReadAllTextAsync(File("report.html"));
        Assert.Contains("<h2>Throughput Benchmark Results</h2>", html, StringComparison.Ordinal);

        var (compared, table) = await CliRunner.RunAsync("compare", File("throughput_results.json"), File("throughput_results.json"), "--fail-on-regression");
        Assert.Equal(0, compared);
        Assert.Contains("| Small stream / latency_p90 | ms |", table, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kv_cache_measures_hits_from_the_servers_cached_tokens()
    {
        await using var server = await CliRunner.StartFastServerAsync(o => o.Ttft = LatencySpec.Exact(20));

        var (exitCode, _) = await CliRunner.RunAsync("bench", "kv-cache", "--url", server.Url.ToString(), "--quick", "--output-dir", _dir);

        Assert.Equal(0, exitCode);
        using var kv = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("kv_cache_results.json")));
        Assert.Equal("completed", kv.RootElement.GetProperty("status").GetString());
        // Not the embedded server: nothing is known about an alternative router, so no comparison run.
        var test = Assert.Single(kv.RootElement.GetProperty("tests").EnumerateArray());
        Assert.True(Metric(test, "prefix_match_avg") > 0);
        // Every prompt repeats a shared system prompt, so after the first request per prefix the server reports hits,
        // and hits skip most of the TTFT (default speed-up 0.8 × cached fraction).
        Assert.InRange(Metric(test, "hit_rate"), 1, 100);
        Assert.InRange(Metric(test, "token_reuse"), 1, 100);
        Assert.True(Metric(test, "ttft_hit_avg") < Metric(test, "ttft_miss_avg"));
        using var http = new HttpClient();
        using var serverMetrics = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.Url, "kv-cache/metrics")));
        Assert.True(serverMetrics.RootElement.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Kv_cache_on_the_embedded_server_compares_kv_routing_with_round_robin()
    {
        var (exitCode, output) = await CliRunner.RunAsync("bench", "kv-cache", "--quick", "--output-dir", _dir);

        Assert.True(exitCode == 0, output);
        using var kv = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("kv_cache_results.json")));
        Assert.Equal("completed", kv.RootElement.GetProperty("status").GetString());
        var tests = kv.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(2, tests.Count);
        Assert.Contains("round-robin", tests[1].GetProperty("name").GetString(), StringComparison.Ordinal);

        // 3 system prompts × 4 questions, twice, one request at a time on 4 workers. KV routing: in the first round only
        // the first question of each prompt misses (the others go to the worker holding the prompt), the second round
        // repeats whole prompts: 21 of 24 hit. Round-robin sends question s of every prompt to the same worker, so the
        // first round misses all 12 and only the repeats hit: 12 of 24.
        Assert.Equal(87.5, Metric(tests[0], "hit_rate"), 9);
        Assert.Equal(50, Metric(tests[1], "hit_rate"), 9);
        Assert.True(Metric(tests[0], "token_reuse") > Metric(tests[1], "token_reuse"));
        Assert.True(Metric(tests[1], "prefix_match_avg") > Metric(tests[0], "prefix_match_avg")); // round-robin hits only whole repeats
        Assert.Equal(100, Metric(tests[1], "load_balance_score"), 9);
        var markdown = await System.IO.File.ReadAllTextAsync(File("kv_cache_results.md"));
        Assert.Contains("| kv |", markdown, StringComparison.Ordinal);
        Assert.Contains("| round-robin |", markdown, StringComparison.Ordinal);
        Assert.Contains("Avg prefix matched (tokens)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kv_flags_configure_the_embedded_server_and_its_router_comparison()
    {
        var (exitCode, output) = await CliRunner.RunAsync("bench", "kv-cache", "--quick", "--kv-workers", "1", "--output-dir", _dir);

        Assert.True(exitCode == 0, output);
        Assert.Contains("KV cache on (1 workers, kv router", output, StringComparison.Ordinal);
        using (var kv = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("kv_cache_results.json"))))
        {
            var tests = kv.RootElement.GetProperty("tests").EnumerateArray().ToList();
            Assert.Equal(2, tests.Count);
            // The prompts of the test above on one worker, for the KV server and its round-robin twin alike: only the
            // first question of each of the 3 prompts misses, 21 of 24 hit (on 4 workers round-robin hits 12 of 24).
            Assert.All(tests, t => Assert.Equal(87.5, Metric(t, "hit_rate"), 9));
            Assert.All(tests, t => Assert.Single(t.GetProperty("requests_by_worker").EnumerateObject()));
        }

        (exitCode, output) = await CliRunner.RunAsync("bench", "kv-cache", "--quick", "--no-kv-cache", "--output-dir", _dir);
        Assert.True(exitCode == 0, output);
        Assert.Contains("KV cache off", output, StringComparison.Ordinal);
        Assert.Contains("kv-cache: unsupported", output, StringComparison.Ordinal);

        var (withUrl, line) = await CliRunner.RunAsync("bench", "throughput", "--url", "http://127.0.0.1:9", "--kv-workers", "2", "--output-dir", _dir);
        Assert.Equal(2, withUrl);
        Assert.Contains("--no-kv-cache/--kv-workers/--router configure the embedded server and cannot be combined with --url", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_reads_the_servers_metrics_and_reports_a_timeline_and_fit()
    {
        // A small KV cache (2 × 512 blocks) that the warm-up's unique prompts fill in 16 requests.
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.DefaultContextWindow = 8_192;
            o.KvCache.Workers = 2;
            o.KvCache.CapacityBlocks = 512;
        });

        var (exitCode, _) = await CliRunner.RunAsync(
            "bench", "memory", "--url", server.Url.ToString(), "--memory-phase-seconds", "2", "--output-dir", _dir);

        Assert.Equal(0, exitCode);
        using var memory = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("memory_results.json")));
        var tests = memory.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(["Low load", "Medium load", "Long-running"], tests.Select(t => t.GetProperty("name").GetString()));
        foreach (var test in tests)
        {
            var timeline = test.GetProperty("timeline").EnumerateArray().ToList();
            Assert.True(timeline.Count >= 3, $"{timeline.Count} samples");
            Assert.All(timeline, p => Assert.True(p.GetProperty("resident_megabytes").GetDouble() > 10));
            Assert.Equal(timeline[^1].GetProperty("resident_megabytes").GetDouble() - timeline[0].GetProperty("resident_megabytes").GetDouble(), Metric(test, "growth_mb"), 6);
            Assert.InRange(Metric(test, "r_squared"), 0, 1);
            Assert.Contains(Metric(test, "leak_detected"), new[] { 0.0, 1.0 });

            // The server's /metrics reports its collections and managed heap, and every reading carries them.
            Assert.True(Metric(test, "garbage_collections") >= 0);
            Assert.All(timeline, p => Assert.True(p.GetProperty("managed_heap_megabytes").GetDouble() > 0));
            Assert.All(timeline, p => Assert.True(p.GetProperty("garbage_collections").GetInt64() >= 0));

            // Unique 1,024-token prompts fill the server's KV cache during the warm-up; it stays full (evicting) after.
            Assert.Equal(100, Metric(test, "kv_cache_usage_start"), 6);
            Assert.Equal(100, Metric(test, "kv_cache_usage_end"), 6);
        }

        var markdown = await System.IO.File.ReadAllTextAsync(File("memory_results.md"));
        Assert.Contains("| Time (s) | Requests | RSS (MB) | Change (MB) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| GCs | Outside heap (MB/min) | Outside heap, median (MB/min) | Leak? |", markdown, StringComparison.Ordinal);
        Assert.Contains("KV cache was 100 % full at the start", markdown, StringComparison.Ordinal);
        // Eviction is stated because it was measured (the server's eviction counter moved), not assumed.
        Assert.All(tests, t => Assert.True(Metric(t, "kv_cache_evictions") > 0));
        Assert.Contains("blocks were evicted during the phase", markdown, StringComparison.Ordinal);
        Assert.Contains("## Overall assessment", markdown, StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(File("memory_low_load.png")));
    }

    [Fact]
    public async Task Unknown_benchmark_exits_2_and_unreachable_server_exits_3()
    {
        var (unknown, text) = await CliRunner.RunAsync("bench", "latency", "--output-dir", _dir);
        Assert.Equal(2, unknown);
        Assert.Contains("unknown benchmark 'latency'", text, StringComparison.Ordinal);

        var (unreachable, line) = await CliRunner.RunAsync("bench", "throughput", "--url", "http://127.0.0.1:9", "--output-dir", _dir);
        Assert.Equal(ExitCodes.Unreachable, unreachable);
        Assert.Single(line.Trim().Split('\n'));
        Assert.Contains("cannot reach", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwritable_output_directory_exits_2()
    {
        var blocker = Path.Combine(_dir, "blocker");
        await System.IO.File.WriteAllTextAsync(blocker, "x");

        var (exitCode, text) = await CliRunner.RunAsync("bench", "throughput", "--output-dir", Path.Combine(blocker, "out"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--artifact-dir", text, StringComparison.Ordinal);
    }
}
