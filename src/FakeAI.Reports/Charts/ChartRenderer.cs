using FakeAI.Bench.Memory;
using ScottPlot;

namespace FakeAI.Reports.Charts;

/// <summary>
/// Draws the report charts as PNG files. ScottPlot (and with it SkiaSharp's native library) is touched only here, so a
/// command that draws no chart never loads native graphics.
/// </summary>
public static class ChartRenderer
{
    public const int Width = 1000;
    public const int Height = 560;

    /// <summary>
    /// Histogram of <paramref name="values"/> with a horizontal box plot (quartiles, median, whiskers at the most extreme
    /// values within 1.5 IQR) drawn above the bars. Returns <see langword="false"/> and writes nothing when there are no values.
    /// </summary>
    public static bool LatencyHistogram(string path, string title, string valueLabel, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
        {
            return false;
        }

        using var plot = NewPlot(title, valueLabel, "Requests");
        var min = finite[0];
        var max = finite[^1];
        if (max <= min)
        {
            // A single distinct value still gets a visible bar.
            min -= 0.5;
            max += 0.5;
        }

        // The upper edge sits just above the largest value so it falls inside the last bin, not beyond it.
        var bins = Math.Clamp(finite.Length / 4, 5, 50);
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(bins, min, max + ((max - min) * 1e-9));
        histogram.AddRange(finite);
        var bars = plot.Add.Histogram(histogram);
        bars.BarWidthFraction = 0.9;

        var tallest = histogram.Counts.Max();
        AddHorizontalBox(plot, finite, centre: tallest * 1.2, height: Math.Max(tallest * 0.15, 0.5));
        var binWidth = (max - min) / bins;
        plot.Axes.SetLimits(min - binWidth, max + binWidth, 0, tallest * 1.4);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
        return true;
    }

    /// <summary>Resident memory over time, with the least-squares line of <paramref name="fit"/> when given.</summary>
    public static bool MemoryTimeline(string path, string title, IReadOnlyList<MemorySample> samples, LeakAnalysis? fit)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return false;
        }

        using var plot = NewPlot(title, "Elapsed (s)", "Resident memory (MB)");
        var xs = samples.Select(s => s.ElapsedSeconds).ToArray();
        var ys = samples.Select(s => s.ResidentMegabytes).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = "RSS";
        line.MarkerSize = 6;
        line.LineWidth = 2;
        if (fit is not null)
        {
            var meanX = xs.Average();
            var meanY = ys.Average();
            var perSecond = fit.SlopeMegabytesPerMinute / 60;
            var trend = plot.Add.Line(xs[0], meanY + (perSecond * (xs[0] - meanX)), xs[^1], meanY + (perSecond * (xs[^1] - meanX)));
            trend.LinePattern = LinePattern.Dashed;
            trend.LineWidth = 2;
            trend.LegendText = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"fit: {fit.SlopeMegabytesPerMinute:0.###} MB/min, R² {fit.RSquared:0.###}{(fit.LeakDetected ? " (leak)" : string.Empty)}");
        }

        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
        return true;
    }

    /// <summary>One line per series (markers on each point); dashed series share the colour of the solid series before them.</summary>
    public static bool LineChart(string path, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var drawable = series.Where(s => s.X.Count > 0 && s.X.Count == s.Y.Count).ToList();
        if (drawable.Count == 0)
        {
            return false;
        }

        using var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var colourIndex = -1;
        foreach (var s in drawable)
        {
            if (!s.Dashed || colourIndex < 0)
            {
                colourIndex++;
            }

            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray(), palette.GetColor(colourIndex));
            scatter.LegendText = s.Label;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
            if (s.Dashed)
            {
                scatter.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.SetLimitsY(0, drawable.SelectMany(s => s.Y).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.15);
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
        return true;
    }

    /// <summary>Points without lines, e.g. request latency against the time the request started.</summary>
    public static bool ScatterPoints(string path, string title, string xLabel, string yLabel, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Count == 0 || xs.Count != ys.Count)
        {
            return false;
        }

        using var plot = NewPlot(title, xLabel, yLabel);
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
        points.MarkerSize = 4;
        Save(plot, path);
        return true;
    }

    /// <summary>
    /// ScottPlot 5.1's <c>Box</c> throws for horizontal orientation, so the box is drawn from a rectangle and lines:
    /// quartiles, median, and whiskers to the most extreme values within 1.5 IQR.
    /// </summary>
    private static void AddHorizontalBox(Plot plot, double[] sorted, double centre, double height)
    {
        var q1 = Quantile.OfSorted(sorted, 0.25);
        var median = Quantile.OfSorted(sorted, 0.5);
        var q3 = Quantile.OfSorted(sorted, 0.75);
        var iqr = q3 - q1;
        var low = sorted.First(v => v >= q1 - (1.5 * iqr));
        var high = sorted.Last(v => v <= q3 + (1.5 * iqr));
        var top = centre + (height / 2);
        var bottom = centre - (height / 2);
        var colour = Colors.DarkOrange;

        var box = plot.Add.Rectangle(q1, q3, bottom, top);
        box.FillColor = colour.WithAlpha(0.35);
        box.LineColor = colour;
        box.LineWidth = 2;
        box.LegendText = "box: quartiles, median, whiskers at 1.5 IQR";
        foreach (var (x1, y1, x2, y2) in new[]
                 {
                     (median, bottom, median, top),
                     (low, centre, q1, centre),
                     (q3, centre, high, centre),
                     (low, centre - (height / 4), low, centre + (height / 4)),
                     (high, centre - (height / 4), high, centre + (height / 4)),
                 })
        {
            var line = plot.Add.Line(x1, y1, x2, y2);
            line.LineColor = colour;
            line.LineWidth = 2;
        }
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Save(Plot plot, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, Width, Height);
    }
}
