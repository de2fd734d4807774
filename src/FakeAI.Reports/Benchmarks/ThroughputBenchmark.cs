using FakeAI.Reports.Charts;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// Small/medium/large payloads, each non-streaming and streaming, plus a high-concurrency test, with the Python FakeAI's request
/// counts and concurrency limits (quick: a fifth of the requests, at least 10). Payload size is prompt tokens and
/// <c>max_completion_tokens</c>: small 8/50 (Llama-3.1-8B), medium 30/200 and large 120/500 (gpt-oss-120b).
/// </summary>
internal static class ThroughputBenchmark
{
    public const string Name = "throughput";

    /// <summary>Waves of requests a quick test sends at least (as many as the full test has when that is fewer).</summary>
    public const int QuickWaves = 4;

    private static readonly (string Test, string Model, int Isl, int Osl, bool Stream, int Requests, int Concurrency)[] Scenarios =
    [
        ("Small non-stream", "meta-llama/Llama-3.1-8B-Instruct", 8, 50, false, 100, 10),
        ("Small stream", "meta-llama/Llama-3.1-8B-Instruct", 8, 50, true, 100, 10),
        ("Medium non-stream", "openai/gpt-oss-120b", 30, 200, false, 50, 10),
        ("Medium stream", "openai/gpt-oss-120b", 30, 200, true, 50, 10),
        ("Large non-stream", "openai/gpt-oss-120b", 120, 500, false, 20, 5),
        ("Large stream", "openai/gpt-oss-120b", 120, 500, true, 20, 5),
        ("High concurrency small non-stream", "meta-llama/Llama-3.1-8B-Instruct", 8, 50, false, 200, 50),
    ];

    public static async Task<BenchmarkOutput> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var tests = new List<BenchTestResult>();
        var latencies = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var s in Scenarios)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            // Quick: a fifth of the requests, but never fewer than QuickWaves waves at the test's concurrency, so a quick
            // test still runs at the concurrency it names.
            var requests = context.Options.Quick ? Math.Min(s.Requests, Math.Max(s.Requests / 5, QuickWaves * s.Concurrency)) : s.Requests;
            var config = context.Config(s.Model, s.Stream, s.Isl, s.Osl) with { Concurrency = s.Concurrency, RequestCount = requests, RequestCountSet = true };
            var (test, outcome) = await context.RunLoadAsync(s.Test, config, cancellationToken);
            tests.Add(test);
            if (outcome.Result is { } result)
            {
                latencies[s.Test] = [.. result.Metrics.Records.Where(r => r.IsValid && r.RequestLatency is not null).Select(r => r.RequestLatency!.Value / 1e6)];
            }
        }

        var results = context.Results(Name, tests.TrueForAll(t => t.Success) ? "completed" : "failed", null, tests);
        var report = BuildReport(results, latencies, context.Options.OutputDir);
        var best = tests.Where(t => t.Success).MaxBy(t => Get(t, "requests_per_second"));
        var highlights = new List<string>();
        if (best is not null)
        {
            highlights.Add(I($"Best throughput: {N(Get(best, "requests_per_second"))} req/s ({best.Name})"));
            highlights.Add(I($"Mean of average latencies: {N(tests.Where(t => t.Success).Average(t => Get(t, "latency_avg") ?? 0))} ms"));
            highlights.Add(I($"Successful requests: {tests.Sum(t => Get(t, "successful") ?? 0):0}"));
        }

        return new BenchmarkOutput(results, report, highlights);
    }

    private static ReportDocument BuildReport(BenchResultFile results, Dictionary<string, double[]> latencies, string directory)
    {
        var doc = new ReportDocument("Throughput Benchmark Results")
            .Paragraph(I($"Server: {results.ServerUrl}. Mode: {(results.Quick ? "quick" : "full")}. Output tokens/s counts completion tokens reported by the server, never prompt tokens."))
            .Heading("Summary")
            .Table(
                ["Test", "Concurrency", "Requests", "Success %", "RPS", "Output tokens/s", "Avg (ms)", "P50 (ms)", "P90 (ms)", "P99 (ms)", "TTFT avg (ms)", "TTFT p99 (ms)"],
                results.Tests.Select(t => (IReadOnlyList<string>)
                [
                    t.Success ? t.Name : t.Name + " (FAILED)",
                    I($"{Scenarios.First(s => s.Test == t.Name).Concurrency}"),
                    N(Get(t, "requests"), "0"), N(Get(t, "success_rate"), "0.0"), N(Get(t, "requests_per_second")), N(Get(t, "output_tokens_per_second"), "0.0"),
                    N(Get(t, "latency_avg")), N(Get(t, "latency_p50")), N(Get(t, "latency_p90")), N(Get(t, "latency_p99")),
                    N(Get(t, "ttft_avg")), N(Get(t, "ttft_p99")),
                ]),
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

        doc.Heading("Streaming vs Non-Streaming");
        var modes = results.Tests.Where(t => t.Success && !t.Name.StartsWith("High", StringComparison.Ordinal))
            .GroupBy(t => t.Name.Contains("non-stream", StringComparison.Ordinal) ? "Non-streaming" : "Streaming")
            .ToDictionary(g => g.Key, g => (Rps: g.Average(t => Get(t, "requests_per_second") ?? 0), Latency: g.Average(t => Get(t, "latency_avg") ?? 0)));
        if (modes.TryGetValue("Streaming", out var stream) && modes.TryGetValue("Non-streaming", out var plain))
        {
            doc.Table(
                ["Mode", "Mean RPS", "Mean avg latency (ms)"],
                [["Non-streaming", N(plain.Rps), N(plain.Latency)], ["Streaming", N(stream.Rps), N(stream.Latency)],
                 ["Streaming vs non-streaming", Percent(stream.Rps, plain.Rps), Percent(stream.Latency, plain.Latency)]],
                1, 2);
        }
        else
        {
            doc.Paragraph("Not enough successful tests in both modes to compare.");
        }

        doc.Heading("Failures");
        var failed = results.Tests.Where(t => !t.Success || t.ErrorsByType is { Count: > 0 }).ToList();
        if (failed.Count == 0)
        {
            doc.Paragraph("None.");
        }
        else
        {
            doc.Bullets(failed.Select(t => $"**{t.Name}**: {t.Error ?? "some requests failed"}" +
                (t.ErrorsByType is { Count: > 0 } e ? " (" + string.Join(", ", e.Select(kv => I($"{kv.Key}: {kv.Value}"))) + ")" : string.Empty)));
        }

        doc.Heading("Latency distributions");
        foreach (var chart in Charts(latencies))
        {
            if (chart.Write(directory))
            {
                doc.Chart(chart.Caption, chart.FileName);
            }
        }

        return doc;
    }

    /// <summary>A request-latency histogram per test.</summary>
    internal static IReadOnlyList<ChartSpec> Charts(IReadOnlyDictionary<string, double[]> latencies) =>
        [.. latencies.Select(kv => new ChartSpec(
            "throughput_latency_" + Slug(kv.Key) + ".png", $"Request latency: {kv.Key}",
            () => ChartRenderer.BuildLatencyHistogram($"Request latency: {kv.Key}", "Request latency (ms)", kv.Value)))];

    internal static string Slug(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    private static string Percent(double value, double baseline) => baseline == 0 ? "—" : I($"{(value - baseline) / baseline * 100:+0.0;-0.0;0.0} %");
}
