using FakeAI.Bench;
using System.Text.Json;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using FakeAI.Reports.Runs;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// <c>fakeai bench</c>: runs the named benchmarks in order and writes <c>&lt;name&gt;_results.md</c> and
/// <c>&lt;name&gt;_results.json</c> for each, <c>report.html</c> with everything that ran, and for <c>all</c>
/// <c>BENCHMARK_SUMMARY.md</c> with highlights and recommendations. A benchmark that throws is recorded as failed and the
/// next one runs.
/// </summary>
public static class BenchRunner
{
    public const string All = "all";
    public const string SummaryFileName = "BENCHMARK_SUMMARY.md";
    private const string WarmupModel = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>The benchmarks in the order <c>all</c> runs them (the Python FakeAI's order).</summary>
    public static readonly IReadOnlyList<string> Names = [ThroughputBenchmark.Name, KvCacheBenchmark.Name, ConcurrentBenchmark.Name, MemoryBenchmark.Name];

    public static Task<IReadOnlyList<BenchResultFile>> RunAsync(
        BenchOptions options, string benchmark, bool skipMemory, ServerInfo server, IProgress<string>? progress, CancellationToken cancellationToken) =>
        RunAsync(options, benchmark, skipMemory, server, progress, runProgress: null, cancellationToken);

    /// <summary>As above, also reporting the engine's snapshots of each run in progress to <paramref name="runProgress"/>.</summary>
    public static async Task<IReadOnlyList<BenchResultFile>> RunAsync(
        BenchOptions options, string benchmark, bool skipMemory, ServerInfo server, IProgress<string>? progress, IProgress<ProfileProgress>? runProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        if (benchmark != All && !Names.Contains(benchmark))
        {
            throw new ArgumentException($"unknown benchmark '{benchmark}' (expected {string.Join(", ", Names)} or {All})", nameof(benchmark));
        }

        Directory.CreateDirectory(options.OutputDir);
        using var probe = new ServerProbe(options.Url, options.ApiKey);
        var context = new BenchContext(options, probe, progress, runProgress);
        var outputs = new List<BenchmarkOutput>();
        string? warmup = null;
        if (options.Warmup && !cancellationToken.IsCancellationRequested)
        {
            progress?.Report("Warming up the client and server (--no-warmup to skip) …");
            warmup = await RunWarmup.RunAsync(WarmupConfigs(context), cancellationToken);
            progress?.Report("Warm-up: " + warmup);
        }

        foreach (var name in benchmark == All ? Names : [benchmark])
        {
            if (cancellationToken.IsCancellationRequested || (skipMemory && name == MemoryBenchmark.Name && benchmark == All))
            {
                continue;
            }

            progress?.Report($"{name}:");
            BenchmarkOutput output;
            try
            {
                output = name switch
                {
                    ThroughputBenchmark.Name => await ThroughputBenchmark.RunAsync(context, cancellationToken),
                    KvCacheBenchmark.Name => await KvCacheBenchmark.RunAsync(context, cancellationToken),
                    ConcurrentBenchmark.Name => await ConcurrentBenchmark.RunAsync(context, cancellationToken),
                    _ => await MemoryBenchmark.RunAsync(context, cancellationToken),
                };
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or JsonException)
            {
                progress?.Report($"  FAILED: {e.Message}");
                var failed = context.Results(name, "failed", e.Message, []);
                output = new BenchmarkOutput(failed, new ReportDocument($"{name} benchmark").Paragraph($"Failed: {e.Message}"), [$"{name}: failed ({e.Message})"]);
            }

            await WriteAsync(output, options.OutputDir, CancellationToken.None);
            outputs.Add(output);
        }

        var combined = benchmark == All ? Summary(server, outputs, options, warmup) : outputs.Count == 1 ? outputs[0].Report : new ReportDocument("Benchmark Results");
        if (benchmark == All)
        {
            await MarkdownReportWriter.WriteAsync(combined, Path.Combine(options.OutputDir, SummaryFileName), CancellationToken.None);
            foreach (var output in outputs)
            {
                combined.AddSection(output.Report);
            }
        }

        await HtmlReportWriter.WriteAsync(combined, Path.Combine(options.OutputDir, ReportWriter.HtmlFileName), CancellationToken.None);
        return [.. outputs.Select(o => o.Results)];
    }

    /// <summary>Chat, streaming and not, at concurrency 50 (the highest most tests use) with the throughput test's small prompts.</summary>
    internal static IReadOnlyList<ProfileConfig> WarmupConfigs(BenchContext context) =>
    [
        context.Config(WarmupModel, streaming: true, 8, RunWarmup.OutputTokens) with { Concurrency = 50, CliCommand = "fakeai bench (warm-up)" },
        context.Config(WarmupModel, streaming: false, 8, RunWarmup.OutputTokens) with { Concurrency = 50, CliCommand = "fakeai bench (warm-up)" },
    ];

    private static async Task WriteAsync(BenchmarkOutput output, string directory, CancellationToken cancellationToken)
    {
        var name = output.Results.Benchmark.Replace('-', '_');
        await using (var stream = File.Create(Path.Combine(directory, $"{name}_results.json")))
        {
            await JsonSerializer.SerializeAsync(stream, output.Results, ResultsJsonContext.Default.BenchResultFile, cancellationToken);
        }

        await MarkdownReportWriter.WriteAsync(output.Report, Path.Combine(directory, $"{name}_results.md"), cancellationToken);
    }

    /// <summary><c>BENCHMARK_SUMMARY.md</c>: server information, highlights per benchmark, recommendations with the Python FakeAI's thresholds.</summary>
    internal static ReportDocument Summary(ServerInfo server, IReadOnlyList<BenchmarkOutput> outputs, BenchOptions options, string? warmup)
    {
        var doc = new ReportDocument("FakeAI Benchmark Summary")
            .Heading("Server Information")
            .Bullets(
            [
                $"URL: {server.Url}",
                $"Reachable: {(server.Reachable ? "yes" : "no")}, healthy: {(server.Healthy ? "yes" : "no")}",
                $"Models: {(server.ModelCount is { } n ? I($"{n}") : "unknown")}",
                $"Timestamp: {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC",
                $"Mode: {(options.Quick ? "quick" : "full")}",
                "Server settings: " + (options.ServerSettings ?? "not known to the benchmark (a server at a URL runs with whatever latency it was started with)"),
                "Warm-up: " + (warmup ?? "none (--no-warmup): the first test includes the client's and server's start-up work"),
            ]);
        foreach (var output in outputs)
        {
            doc.Heading(output.Results.Benchmark).Bullets(output.Highlights);
        }

        doc.Heading("Detailed Reports").Bullets([.. outputs.Select(o => $"{o.Results.Benchmark.Replace('-', '_')}_results.md / .json"), ReportWriter.HtmlFileName]);
        return doc.Heading("Recommendations").Bullets(Recommendations(outputs));
    }

    /// <summary>The Python FakeAI's thresholds: average throughput below 10 req/s, KV hit rate below 50 %, any memory leak.</summary>
    internal static IReadOnlyList<string> Recommendations(IReadOnlyList<BenchmarkOutput> outputs)
    {
        var items = new List<string>();
        var throughput = outputs.FirstOrDefault(o => o.Results.Benchmark == ThroughputBenchmark.Name)?.Results.Tests.Where(t => t.Success).ToList();
        if (throughput is { Count: > 0 } && throughput.Average(t => Get(t, "requests_per_second") ?? 0) is var rps && rps < 10)
        {
            items.Add(I($"⚠️ Average throughput {rps:0.##} req/s is below 10 req/s."));
        }

        var kv = outputs.FirstOrDefault(o => o.Results.Benchmark == KvCacheBenchmark.Name)?.Results;
        if (kv?.Tests is [var kvTest, ..] && Get(kvTest, "hit_rate") is { } hit && hit < 50)
        {
            items.Add(I($"⚠️ KV cache hit rate {hit:0.#} % is below 50 %."));
        }

        var leaks = outputs.Where(o => o.Results.Benchmark == MemoryBenchmark.Name).SelectMany(o => o.Results.Tests).Where(t => Get(t, "leak_detected") == 1).ToList();
        if (leaks.Count > 0)
        {
            items.Add("❌ " + MemoryBenchmark.Verdict(leaks.Select(t => t.Name)) + ".");
        }

        var failed = outputs.Where(o => o.Results.Status == "failed").ToList();
        if (failed.Count > 0)
        {
            items.Add("❌ Failed benchmarks: " + string.Join(", ", failed.Select(o => o.Results.Benchmark)) + ".");
        }

        if (items.Count == 0)
        {
            items.Add("✅ All benchmarks performed well.");
        }

        return items;
    }
}
