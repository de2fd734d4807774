using System.Globalization;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Suite;

/// <summary>
/// The suite's charts: throughput and latency against concurrency (one line per model and streaming mode) and a latency
/// histogram per run. When every run used the same concurrency there is no "against concurrency" to draw, so the same
/// figures are bars, one group per model and streaming mode.
/// </summary>
internal static class SuiteCharts
{
    public static IReadOnlyList<(string Caption, string FileName)> Draw(SuiteSummary summary, string directory, IReadOnlyDictionary<string, double[]> latenciesByRun) =>
        [.. Specs(summary, latenciesByRun).Where(c => c.Write(directory)).Select(c => (c.Caption, c.FileName))];

    internal static IReadOnlyList<ChartSpec> Specs(SuiteSummary summary, IReadOnlyDictionary<string, double[]> latenciesByRun)
    {
        var groups = summary.Results
            .Where(r => r.Metrics is not null)
            .GroupBy(r => (r.Config.Model, r.Config.Streaming))
            .Select(g => (Label: $"{g.Key.Model} {(g.Key.Streaming ? "streaming" : "non-streaming")}", Streaming: g.Key.Streaming, Runs: g.OrderBy(r => r.Config.Concurrency).ToList()))
            .ToList();
        var levels = groups.SelectMany(g => g.Runs).Select(r => r.Config.Concurrency).Distinct().ToList();
        var streaming = groups.Where(g => g.Streaming).ToList();
        var charts = new List<ChartSpec>();

        void Chart(string file, string what, string yLabel, bool onlyStreaming, params (string Suffix, Func<SuiteRunMetrics, double?> Value)[] figures)
        {
            var chosen = onlyStreaming ? streaming : groups;
            var percentiles = figures.Length > 1 ? " (solid p50, dashed p99)" : string.Empty;
            if (levels.Count == 1)
            {
                var title = string.Create(CultureInfo.InvariantCulture, $"{what} at concurrency {levels[0]}");
                charts.Add(new ChartSpec(file, title, () => ChartRenderer.BuildBarChart(
                    title, "Model and streaming mode", yLabel, [.. chosen.Select(g => g.Label)],
                    [.. figures.Select(f => new BarSeries(f.Suffix.Trim(), [.. chosen.Select(g => f.Value(g.Runs[0].Metrics!))]))])));
                return;
            }

            var lineTitle = $"{what} vs concurrency{percentiles}";
            charts.Add(new ChartSpec(file, lineTitle, () => ChartRenderer.BuildLineChart(
                lineTitle, ChartRenderer.ConcurrencyLabel, yLabel,
                [.. chosen.SelectMany(g => figures.Select((f, i) => Series(g.Label + f.Suffix, g.Runs, f.Value, dashed: i > 0)))],
                integerX: true)));
        }

        Chart("throughput_vs_concurrency.png", "Request throughput", "Request throughput (requests/s)", false, (string.Empty, m => m.RequestThroughput));
        Chart("token_throughput_vs_concurrency.png", "Output token throughput", "Output token throughput (tokens/s)", false, (string.Empty, m => m.OutputTokenThroughput));
        Chart("ttft_vs_concurrency.png", "Time to first token", "Time to first token (ms)", true, (" p50", m => m.TimeToFirstTokenP50), (" p99", m => m.TimeToFirstTokenP99));
        Chart("itl_vs_concurrency.png", "Inter-token latency", "Inter-token latency (ms)", true, (" p50", m => m.InterTokenLatencyP50), (" p99", m => m.InterTokenLatencyP99));

        foreach (var run in summary.Results)
        {
            if (latenciesByRun.TryGetValue(run.Name, out var latencies))
            {
                var title = $"Request latency: {run.Name}";
                charts.Add(new ChartSpec($"latency_{run.Name}.png", title, () => ChartRenderer.BuildLatencyHistogram(title, "Request latency (ms)", latencies)));
            }
        }

        return charts;
    }

    private static ChartSeries Series(string label, List<SuiteRunResult> runs, Func<SuiteRunMetrics, double?> value, bool dashed)
    {
        var points = runs.Where(r => value(r.Metrics!) is not null).ToList();
        return new ChartSeries(label, [.. points.Select(r => (double)r.Config.Concurrency)], [.. points.Select(r => value(r.Metrics!)!.Value)], dashed);
    }
}
