using System.Globalization;
using System.Text.Json;
using FakeAI.Reports.Calibration;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Tests.Charts;
using ScottPlot;

namespace FakeAI.Reports.Tests.Calibration;

public sealed class TwinReportTests
{
    /// <summary>
    /// A sweep of 1, 2, 4 and 8 clients at two prompt lengths: the twin's ITL is 5 % slow everywhere, its TTFT p50 40 % slow
    /// at one cell, and its TTFT p90 (shown, not judged) 90 % slow at another.
    /// </summary>
    private static TwinVerification Verification(int[] levels, double maxError = 0.15)
    {
        var cells = new List<TwinCell>();
        foreach (var prompt in new[] { 64, 512 })
        {
            foreach (var c in levels)
            {
                var real = new TwinFigures(10 + (c * 20) + (prompt / 10.0), 12 + (c * 25) + (prompt / 10.0), 12 + (c * 0.1), c * 2.5, c * 80);
                var p50 = c == 4 && prompt == 512 ? 1.4 : 1;
                var p90 = c == 2 && prompt == 64 ? 1.9 : 1;
                cells.Add(new TwinCell(c, prompt, real, real with { TtftP50Ms = real.TtftP50Ms * p50, TtftP90Ms = real.TtftP90Ms * p90, ItlAvgMs = real.ItlAvgMs * 1.05 }));
            }
        }

        return new TwinVerification
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            Real = "http://127.0.0.1:1/",
            Profile = "/tmp/engine.json",
            Model = "m",
            OutputTokens = 32,
            MaxError = maxError,
            Cells = cells,
        };
    }

    [Fact]
    public void A_sweep_of_several_levels_draws_real_and_twin_lines_per_prompt_length_with_labelled_axes()
    {
        var specs = TwinCharts.Specs(Verification([1, 2, 4, 8]));

        var drawn = ChartRules.Check(specs);

        Assert.Equal([TwinCharts.ThroughputFileName, TwinCharts.TtftFileName, TwinCharts.ItlFileName], drawn.Select(c => c.FileName));
        Assert.All(drawn, c => Assert.True(c.HasLines && !c.HasBars, c.FileName));
        Assert.All(drawn, c => Assert.Equal(["prompt 64, real", "prompt 64, twin", "prompt 512, real", "prompt 512, twin"], c.Legend));
        using var ttft = specs.Single(s => s.FileName == TwinCharts.TtftFileName).Build()!;
        Assert.Equal("Time to first token, p50 (ms)", ttft.Axes.Left.Label.Text);
        Assert.Equal(ChartRenderer.ConcurrencyLabel, ttft.Axes.Bottom.Label.Text);
        var series = ttft.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(4, series.Count);
        Assert.Equal(2, series.Count(s => s.LinePattern.Equals(LinePattern.Dashed)));
        using var throughput = specs.Single(s => s.FileName == TwinCharts.ThroughputFileName).Build()!;
        Assert.Equal("Request throughput (requests/s)", throughput.Axes.Left.Label.Text);
    }

    [Fact]
    public void A_sweep_of_one_level_draws_bars_per_prompt_length()
    {
        var drawn = ChartRules.Check(TwinCharts.Specs(Verification([4])));

        Assert.Equal(3, drawn.Count);
        Assert.All(drawn, c => Assert.True(c.HasBars && !c.HasLines, c.FileName));
        Assert.All(drawn, c => Assert.Equal(["real", "twin"], c.Legend));
    }

    [Fact]
    public void The_worst_judged_figure_of_each_cell_decides_and_the_failing_cells_are_named()
    {
        var verification = Verification([1, 2, 4, 8]);

        Assert.False(verification.Passed);
        var failing = Assert.Single(verification.Failing);
        Assert.Equal((4, 512), (failing.Concurrency, failing.PromptTokens));
        Assert.Equal("TTFT p50", failing.WorstFigure);
        Assert.Equal(0.4, verification.WorstError, 9);
        Assert.Equal("concurrency 4, prompt 512: TTFT p50 +40.0%", TwinFormat.Worst(failing));
        var noisy = verification.Cells.Single(c => (c.Concurrency, c.PromptTokens) == (2, 64));
        Assert.Equal(0.9, noisy.Error.TtftP90, 9);
        Assert.Equal(("ITL avg", 0.05), (noisy.Worst.Name, Math.Round(noisy.Worst.Value, 9)));
        Assert.True((verification with { MaxError = 0.5 }).Passed);
    }

    [Fact]
    public async Task The_files_hold_the_table_with_invariant_numbers_whatever_the_culture()
    {
        using var directory = new TempDirectory();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var written = await TwinReport.WriteAsync(Verification([1, 2, 4, 8]), directory.Path, CancellationToken.None);

            Assert.All(written, path => Assert.True(File.Exists(path), path));
            Assert.Equal(3, written.Count(p => p.EndsWith(".png", StringComparison.Ordinal)));
            var markdown = await File.ReadAllTextAsync(directory.File(TwinReport.MarkdownFileName));
            Assert.Contains("| 4 | 512 | 141.20 / 197.68 (+40.0%) | 163.20 / 163.20 (0.0%) | 12.40 / 13.02 (+5.0%) | 10.00 / 10.00 (0.0%) | 320.00 / 320.00 (0.0%) |", markdown, StringComparison.Ordinal);
            Assert.Contains("**1 of 8 cells over 15.0%**; worst cell concurrency 4, prompt 512: TTFT p50 +40.0%", markdown, StringComparison.Ordinal);
            Assert.Contains($"]({TwinCharts.TtftFileName})", markdown, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(directory.File(TwinReport.JsonFileName)));
            var cell = json.RootElement.GetProperty("cells")[6];
            Assert.Equal(141.2, cell.GetProperty("real").GetProperty("ttft_p50_ms").GetDouble(), 9);
            Assert.Equal(0.4, cell.GetProperty("error").GetProperty("ttft_p50").GetDouble(), 9);
            Assert.Equal("TTFT p50", cell.GetProperty("worst_figure").GetString());
            Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
            Assert.DoesNotContain("141,2", json.RootElement.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
