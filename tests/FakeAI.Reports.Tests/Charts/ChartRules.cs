using System.Globalization;
using FakeAI.Reports.Charts;
using ScottPlot;
using ScottPlot.Plottables;

namespace FakeAI.Reports.Tests.Charts;

/// <summary>
/// What every chart must satisfy, checked on ScottPlot's plot model after layout (ticks exist only once a plot has been
/// laid out at its size), not on pixels.
/// </summary>
internal static class ChartRules
{
    /// <summary>Builds every chart, checks it, and returns what was drawn for further checks.</summary>
    public static IReadOnlyList<DrawnChart> Check(IEnumerable<ChartSpec> specs)
    {
        var drawn = new List<DrawnChart>();
        foreach (var spec in specs)
        {
            using var plot = spec.Build();
            if (plot is not null)
            {
                drawn.Add(Check(spec.FileName, plot));
            }
        }

        Assert.NotEmpty(drawn);
        return drawn;
    }

    private static DrawnChart Check(string name, Plot plot)
    {
        plot.RenderInMemory(ChartRenderer.Width, ChartRenderer.Height);
        var title = plot.Axes.Title.Label.Text;
        Assert.False(string.IsNullOrWhiteSpace(title), $"{name}: no title");
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            var label = axis.Label.Text;
            var ticks = axis.TickGenerator.Ticks.Where(t => t.IsMajor && !string.IsNullOrEmpty(t.Label)).ToList();
            Assert.False(string.IsNullOrWhiteSpace(label), $"{name}: an axis has no label");
            Assert.True(ticks.Count >= 2, $"{name}: axis '{label}' has {ticks.Count} labelled ticks");
            Assert.True(ticks.Select(t => t.Label).Distinct().Count() == ticks.Count, $"{name}: axis '{label}' repeats a tick label: {string.Join(" | ", ticks.Select(t => t.Label))}");
            if (ticks.TrueForAll(t => double.TryParse(t.Label, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                Assert.Matches(@"^\S.* \([^()]+\)$", label);
            }

            if (label.EndsWith("(count)", StringComparison.Ordinal) || label == ChartRenderer.ConcurrencyLabel)
            {
                Assert.True(ticks.TrueForAll(t => t.Position == Math.Round(t.Position)), $"{name}: '{label}' shows a fraction: {string.Join(" | ", ticks.Select(t => t.Label))}");
            }
        }

        var plottables = plot.GetPlottables().ToList();
        var lines = plottables.OfType<Scatter>().Where(s => s.LineWidth > 0).ToList();
        if (lines.Count > 0)
        {
            var xs = lines.SelectMany(s => s.Data.GetScatterPoints()).Select(p => p.X).Distinct().Count();
            Assert.True(xs > 1, $"{name}: a line chart with a single x value ({title})");
        }

        var series = plottables.OfType<Scatter>().Cast<IPlottable>().Concat(plottables.OfType<BarPlot>()).ToList();
        var legendItems = plot.Legend.GetItems().Where(i => !string.IsNullOrEmpty(i.LabelText)).ToList();
        if (series.Count > 1)
        {
            Assert.True(legendItems.Count >= series.Count || plottables.OfType<BarPlot>().Any(), $"{name}: {series.Count} series but {legendItems.Count} legend entries");
        }

        if (legendItems.Count > 0)
        {
            // Beside the data area, in its own panel: never drawn over a point.
            Assert.False(plot.Legend.IsVisible, $"{name}: the legend is drawn inside the data area");
            Assert.Contains(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
        }

        return new DrawnChart(name, title, lines.Count > 0, plottables.OfType<BarPlot>().Any(), [.. legendItems.Select(i => i.LabelText)]);
    }
}

internal sealed record DrawnChart(string FileName, string Title, bool HasLines, bool HasBars, IReadOnlyList<string> Legend);
