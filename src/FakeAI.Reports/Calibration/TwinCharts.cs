using System.Globalization;
using FakeAI.Reports.Charts;

namespace FakeAI.Reports.Calibration;

/// <summary>
/// The verify charts: request throughput, TTFT p50 and ITL against concurrency, one colour per prompt length, the real
/// server solid and the twin dashed. A sweep of a single concurrency has no line to draw, so it gets bars per prompt length.
/// </summary>
internal static class TwinCharts
{
    public const string ThroughputFileName = "throughput_vs_concurrency.png";
    public const string TtftFileName = "ttft_p50_vs_concurrency.png";
    public const string ItlFileName = "itl_vs_concurrency.png";

    public static IReadOnlyList<ChartSpec> Specs(TwinVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var levels = verification.Cells.Select(c => c.Concurrency).Distinct().Count();
        var prompts = verification.Cells.GroupBy(c => c.PromptTokens).OrderBy(g => g.Key).ToList();

        ChartSpec Chart(string file, string what, string yLabel, Func<TwinFigures, double> value)
        {
            if (levels == 1)
            {
                var barTitle = string.Create(CultureInfo.InvariantCulture, $"{what} at concurrency {verification.Cells[0].Concurrency}: real and twin");
                return new ChartSpec(file, barTitle, () => ChartRenderer.BuildBarChart(
                    barTitle, "Prompt length", yLabel,
                    [.. prompts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} tokens"))],
                    [
                        new BarSeries("real", [.. prompts.Select(p => (double?)value(p.First().Real))]),
                        new BarSeries("twin", [.. prompts.Select(p => (double?)value(p.First().Twin))]),
                    ]));
            }

            var title = $"{what} vs concurrency: real (solid) and twin (dashed)";
            return new ChartSpec(file, title, () => ChartRenderer.BuildLineChart(
                title, ChartRenderer.ConcurrencyLabel, yLabel,
                [.. prompts.SelectMany(p => new[] { Series(p.Key, "real", [.. p], c => value(c.Real), dashed: false), Series(p.Key, "twin", [.. p], c => value(c.Twin), dashed: true) })],
                integerX: true));
        }

        return
        [
            Chart(ThroughputFileName, "Request throughput", "Request throughput (requests/s)", f => f.RequestsPerSecond),
            Chart(TtftFileName, "Time to first token p50", "Time to first token, p50 (ms)", f => f.TtftP50Ms),
            Chart(ItlFileName, "Inter-token latency", "Inter-token latency, mean (ms)", f => f.ItlAvgMs),
        ];
    }

    private static ChartSeries Series(int prompt, string side, List<TwinCell> cells, Func<TwinCell, double> value, bool dashed)
    {
        var ordered = cells.OrderBy(c => c.Concurrency).ToList();
        return new ChartSeries(
            string.Create(CultureInfo.InvariantCulture, $"prompt {prompt}, {side}"),
            [.. ordered.Select(c => (double)c.Concurrency)],
            [.. ordered.Select(value)],
            dashed);
    }
}
