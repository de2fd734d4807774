using FakeAI.Bench;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// Connection scaling (10, 50, 100, 200 concurrent with 4·C requests each; quick: 10 and 50), an open-loop sustained
/// test at a target rate (requests go out on schedule whatever the latency, unlike the Python FakeAI's one-client loop), and a
/// ramp-up that raises concurrency until the error rate passes 10 % or p99 doubles against the first step.
/// </summary>
internal static class ConcurrentBenchmark
{
    public const string Name = "concurrent";
    private const string Model = "meta-llama/Llama-3.1-8B-Instruct";
    private const double MaxErrorRatePercent = 10;
    private const double P99DegradationFactor = 2;

    /// <summary>Requests per level in waves of C: enough that most of a level's time runs at C in flight, not ramping down.</summary>
    private const int WavesPerLevel = 4;

    public static async Task<BenchmarkOutput> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var tests = new List<BenchTestResult>();
        int[] levels = options.Quick ? [10, 50] : [10, 50, 100, 200];
        foreach (var c in levels.TakeWhile(_ => !cancellationToken.IsCancellationRequested))
        {
            var config = context.Config(Model, false, 8, 50) with { Concurrency = c, RequestCount = WavesPerLevel * c, RequestCountSet = true };
            tests.Add((await context.RunLoadAsync(I($"{c} concurrent"), config, cancellationToken)).Test);
        }

        var seconds = options.SustainedSeconds ?? (options.Quick ? 10 : 30);
        BenchTestResult? sustained = null;
        if (!cancellationToken.IsCancellationRequested)
        {
            var config = context.Config(Model, false, 8, 50) with
            {
                RequestRate = options.SustainedRps,
                RequestRateMode = RequestRateMode.Constant,
                BenchmarkDurationSeconds = seconds,
                BenchmarkGracePeriodSeconds = 10,
                GracePeriodSet = true,
            };
            var (test, outcome) = await context.RunLoadAsync(I($"Sustained {options.SustainedRps:0.##} rps for {seconds:0.#} s"), config, cancellationToken);
            var sent = outcome.Result?.Records.Count;
            var extra = new MetricList()
                .Info("target_rps", options.SustainedRps, MetricCatalog.RequestThroughput.Unit)
                .Add("achieved_send_rps", sent / seconds, MetricCatalog.RequestThroughput)
                .Add("achieved_completed_rps", outcome.Result?.SuccessCount / seconds, MetricCatalog.RequestThroughput);
            sustained = test with { Metrics = [.. extra.Items, .. test.Metrics] };
            tests.Add(sustained);
        }

        var ramp = new List<BenchTestResult>();
        int? knee = null;
        string? stopReason = null;
        var (start, step, max) = options.Quick ? (10, 10, 50) : (20, 20, 200);
        double? baselineP99 = null;
        for (var c = start; c <= max && !cancellationToken.IsCancellationRequested; c += step)
        {
            var config = context.Config(Model, false, 8, 50) with { Concurrency = c, RequestCount = WavesPerLevel * c, RequestCountSet = true };
            var (test, _) = await context.RunLoadAsync(I($"Ramp {c} concurrent"), config, cancellationToken);
            ramp.Add(test);
            var errorRate = 100 - (Get(test, "success_rate") ?? 0);
            var p99 = Get(test, "latency_p99");
            baselineP99 ??= p99;
            if (errorRate > MaxErrorRatePercent)
            {
                stopReason = I($"error rate {errorRate:0.#} % > {MaxErrorRatePercent} % at concurrency {c}");
                break;
            }

            if (p99 is { } v && baselineP99 is { } b && v > P99DegradationFactor * b)
            {
                stopReason = I($"p99 {v:0.#} ms > {P99DegradationFactor}× the first step's {b:0.#} ms at concurrency {c}");
                break;
            }

            knee = c;
        }

        tests.AddRange(ramp);
        var message = stopReason is null ? I($"ramp-up reached concurrency {max} without degrading") : $"ramp-up stopped: {stopReason}";
        var results = context.Results(Name, tests.TrueForAll(t => t.Success) ? "completed" : "failed", message, tests);

        var scaling = tests.Take(levels.Length).ToList();
        var clean = scaling.Where(t => t.Success && Get(t, "success_rate") == 100).ToList();
        var best = clean.MaxBy(t => Get(t, "requests_per_second"));
        var highlights = new List<string>();
        if (best is not null)
        {
            highlights.Add(I($"Best RPS without errors: {N(Get(best, "requests_per_second"))} at {best.Name} (p99 {N(Get(best, "latency_p99"))} ms)"));
        }

        highlights.Add(I($"Max concurrency tested: {levels[^1]}; ramp-up knee: {(knee is { } k ? k.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}"));
        if (sustained is not null)
        {
            highlights.Add(I($"Sustained: target {options.SustainedRps:0.##} rps, completed {N(Get(sustained, "achieved_completed_rps"))} rps"));
        }

        return new BenchmarkOutput(results, BuildReport(results, levels, scaling, sustained, ramp, knee, message, best, options.OutputDir), highlights);
    }

    private static ReportDocument BuildReport(
        BenchResultFile results, int[] levels, List<BenchTestResult> scaling, BenchTestResult? sustained, List<BenchTestResult> ramp,
        int? knee, string rampMessage, BenchTestResult? best, string directory)
    {
        static IReadOnlyList<string> Row(BenchTestResult t, string concurrency) =>
        [
            t.Success ? t.Name : t.Name + " (FAILED)", N(Get(t, "requests"), "0"), concurrency, N(Get(t, "success_rate"), "0.0"),
            N(Get(t, "requests_per_second")), N(Get(t, "latency_p50")), N(Get(t, "latency_p90")), N(Get(t, "latency_p95")), N(Get(t, "latency_p99")),
        ];

        string[] headers = ["Test", "Requests", "Concurrent", "Success %", "RPS", "P50 (ms)", "P90 (ms)", "P95 (ms)", "P99 (ms)"];
        var doc = new ReportDocument("Concurrent Connections Benchmark Results")
            .Paragraph(I($"Server: {results.ServerUrl}. Mode: {(results.Quick ? "quick" : "full")}."))
            .Heading("Summary")
            .Table(headers, scaling.Select((t, i) => Row(t, I($"{levels[i]}"))), 1, 2, 3, 4, 5, 6, 7, 8);

        var errors = scaling.Concat(ramp).Append(sustained).Where(t => t?.ErrorsByType is { Count: > 0 }).ToList();
        doc.Heading("Errors by type");
        if (errors.Count == 0)
        {
            doc.Paragraph("No request failed.");
        }
        else
        {
            doc.Table(["Test", "Error", "Count"], errors.SelectMany(t => t!.ErrorsByType!.Select(e => (IReadOnlyList<string>)[t.Name, e.Key, I($"{e.Value}")])), 2);
        }

        doc.Heading("Sustained load (open loop)");
        if (sustained is null)
        {
            doc.Paragraph("Not run (cancelled).");
        }
        else
        {
            doc.Table(
                ["Target RPS", "Sent RPS", "Completed RPS", "Success %", "P50 (ms)", "P99 (ms)"],
                [[N(Get(sustained, "target_rps")), N(Get(sustained, "achieved_send_rps")), N(Get(sustained, "achieved_completed_rps")),
                  N(Get(sustained, "success_rate"), "0.0"), N(Get(sustained, "latency_p50")), N(Get(sustained, "latency_p99"))]],
                0, 1, 2, 3, 4, 5);
        }

        doc.Heading("Ramp-up")
            .Table(headers, ramp.Select(t => Row(t, t.Name.Split(' ')[1])), 1, 2, 3, 4, 5, 6, 7, 8)
            .Paragraph(I($"Knee: **{(knee is { } k ? $"concurrency {k}" : "none")}** ({rampMessage})."));

        doc.Heading("Performance analysis");
        var firstDegradation = scaling.Select((t, i) => (t, i)).FirstOrDefault(p => Get(p.t, "success_rate") is < 100);
        doc.Bullets(
        [
            best is null ? "No scaling test ran without errors." : I($"Best RPS without errors: **{N(Get(best, "requests_per_second"))}** ({best.Name})"),
            firstDegradation.t is null ? "No scaling test had failures." : I($"First degradation (failures): concurrency {levels[firstDegradation.i]}"),
        ]);

        foreach (var chart in Charts(levels, scaling, ramp))
        {
            if (chart.Write(directory))
            {
                doc.Chart(chart.Caption, chart.FileName);
            }
        }

        return doc;
    }

    /// <summary>
    /// Throughput and latency against concurrency, the scaling tests and the ramp-up as separate lines (both may measure
    /// the same concurrency); bars when every successful test ran at one concurrency.
    /// </summary>
    internal static IReadOnlyList<ChartSpec> Charts(int[] levels, IReadOnlyList<BenchTestResult> scaling, IReadOnlyList<BenchTestResult> ramp)
    {
        var kinds = new[]
        {
            (Label: "scaling tests", Points: scaling.Select((t, i) => (C: (double)levels[i], T: t)).ToList()),
            (Label: "ramp-up", Points: ramp.Select(t => (C: double.Parse(t.Name.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), T: t)).ToList()),
        }
        .Select(k => (k.Label, Points: k.Points.Where(p => p.T.Success).OrderBy(p => p.C).ToList()))
        .Where(k => k.Points.Count > 0)
        .ToList();
        var distinct = kinds.SelectMany(k => k.Points).Select(p => p.C).Distinct().ToList();
        const string rpsFile = "concurrent_rps.png", latencyFile = "concurrent_latency.png";
        const string rpsLabel = "Request throughput (requests/s)", latencyLabel = "Request latency (ms)";
        if (distinct.Count == 1)
        {
            var at = I($" at concurrency {distinct[0]}");
            string[] categories = [.. kinds.Select(k => k.Label)];
            return
            [
                new(rpsFile, "Throughput" + at, () => ChartRenderer.BuildBarChart("Throughput" + at, "Test", rpsLabel, categories,
                    [new BarSeries("requests/s", [.. kinds.Select(k => Get(k.Points[0].T, "requests_per_second"))])])),
                new(latencyFile, "Latency" + at, () => ChartRenderer.BuildBarChart("Latency" + at, "Test", latencyLabel, categories,
                    [new BarSeries("p50", [.. kinds.Select(k => Get(k.Points[0].T, "latency_p50"))]), new BarSeries("p99", [.. kinds.Select(k => Get(k.Points[0].T, "latency_p99"))])])),
            ];
        }

        ChartSeries Line(string label, List<(double C, BenchTestResult T)> points, string metric, bool dashed = false) =>
            new(label, [.. points.Select(p => p.C)], [.. points.Select(p => Get(p.T, metric) ?? 0)], dashed);
        return
        [
            new(rpsFile, "Throughput vs concurrency", () => ChartRenderer.BuildLineChart("Throughput vs concurrency", ChartRenderer.ConcurrencyLabel, rpsLabel,
                [.. kinds.Select(k => Line(k.Label, k.Points, "requests_per_second"))], integerX: true)),
            new(latencyFile, "Latency vs concurrency", () => ChartRenderer.BuildLineChart("Latency vs concurrency (solid p50, dashed p99)", ChartRenderer.ConcurrencyLabel, latencyLabel,
                [.. kinds.SelectMany(k => new[] { Line(k.Label + " p50", k.Points, "latency_p50"), Line(k.Label + " p99", k.Points, "latency_p99", dashed: true) })], integerX: true)),
        ];
    }
}
