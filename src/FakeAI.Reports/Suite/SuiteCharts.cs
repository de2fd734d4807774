using FakeAI.Reports.Charts;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Suite;

/// <summary>The suite's charts: throughput and latency against concurrency (one line per model and streaming mode) and a latency histogram per run.</summary>
internal static class SuiteCharts
{
    public static IReadOnlyList<(string Caption, string FileName)> Draw(SuiteSummary summary, string directory, IReadOnlyDictionary<string, double[]> latenciesByRun)
    {
        var charts = new List<(string, string)>();
        var groups = summary.Results
            .Where(r => r.Metrics is not null)
            .GroupBy(r => (r.Config.Model, r.Config.Streaming))
            .Select(g => (Label: $"{g.Key.Model} {(g.Key.Streaming ? "streaming" : "non-streaming")}", Streaming: g.Key.Streaming, Runs: g.OrderBy(r => r.Config.Concurrency).ToList()))
            .ToList();

        void Line(string file, string title, string yLabel, IEnumerable<ChartSeries> series)
        {
            if (ChartRenderer.LineChart(Path.Combine(directory, file), title, "Concurrency", yLabel, series.ToList()))
            {
                charts.Add((title, file));
            }
        }

        ChartSeries Series(string label, List<SuiteRunResult> runs, Func<SuiteRunMetrics, double?> value, bool dashed = false)
        {
            var points = runs.Where(r => value(r.Metrics!) is not null).ToList();
            return new ChartSeries(label, [.. points.Select(r => (double)r.Config.Concurrency)], [.. points.Select(r => value(r.Metrics!)!.Value)], dashed);
        }

        Line("throughput_vs_concurrency.png", "Request throughput vs concurrency", "Requests/s",
            groups.Select(g => Series(g.Label, g.Runs, m => m.RequestThroughput)));
        Line("token_throughput_vs_concurrency.png", "Output token throughput vs concurrency", "Output tokens/s",
            groups.Select(g => Series(g.Label, g.Runs, m => m.OutputTokenThroughput)));
        var streaming = groups.Where(g => g.Streaming).ToList();
        Line("ttft_vs_concurrency.png", "Time to first token vs concurrency (solid p50, dashed p99)", "TTFT (ms)",
            streaming.SelectMany(g => new[] { Series(g.Label + " p50", g.Runs, m => m.TimeToFirstTokenP50), Series(g.Label + " p99", g.Runs, m => m.TimeToFirstTokenP99, dashed: true) }));
        Line("itl_vs_concurrency.png", "Inter-token latency vs concurrency (solid p50, dashed p99)", "ITL (ms)",
            streaming.SelectMany(g => new[] { Series(g.Label + " p50", g.Runs, m => m.InterTokenLatencyP50), Series(g.Label + " p99", g.Runs, m => m.InterTokenLatencyP99, dashed: true) }));

        foreach (var run in summary.Results)
        {
            var file = $"latency_{run.Name}.png";
            if (latenciesByRun.TryGetValue(run.Name, out var latencies)
                && ChartRenderer.LatencyHistogram(Path.Combine(directory, file), $"Request latency: {run.Name}", "Request latency (ms)", latencies))
            {
                charts.Add(($"Request latency: {run.Name}", file));
            }
        }

        return charts;
    }
}
