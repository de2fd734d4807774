using System.Globalization;
using FakeAI.Bench.Memory;
using FakeAI.Bench.Metrics;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FakeAI.Reports.Charts;

/// <summary>
/// Draws the report charts. ScottPlot (and with it SkiaSharp's native library) is touched only here, so a command that
/// draws no chart never loads native graphics. Every chart follows the same rules: each axis names what it measures
/// with its unit; axes that count whole things (requests, concurrency) get whole-number ticks; tick labels are
/// culture-invariant and never repeat; a legend sits beside the data area, never over it.
/// </summary>
public static class ChartRenderer
{
    public const int Width = 1000;
    public const int Height = 560;

    /// <summary>The y-axis of every histogram: how many requests fell into a bin.</summary>
    public const string RequestCountLabel = "Requests (count)";

    /// <summary>The x-axis of every chart against concurrency.</summary>
    public const string ConcurrencyLabel = "Concurrency (requests in flight)";

    /// <summary>
    /// Histogram of <paramref name="values"/> with a horizontal box plot (quartiles, median, whiskers at the most extreme
    /// values within 1.5 IQR) drawn above the bars. Returns <see langword="false"/> and writes nothing when there are no values.
    /// </summary>
    public static bool LatencyHistogram(string path, string title, string valueLabel, IReadOnlyList<double> values) =>
        Save(BuildLatencyHistogram(title, valueLabel, values), path);

    /// <summary>Resident memory over time, with the least-squares line of <paramref name="fit"/> when given; nothing for fewer than two samples.</summary>
    public static bool MemoryTimeline(string path, string title, IReadOnlyList<MemorySample> samples, LeakAnalysis? fit) =>
        Save(BuildMemoryTimeline(title, samples, fit), path);

    /// <summary>One line per series (markers on each point); dashed series share the colour of the solid series before them.</summary>
    public static bool LineChart(string path, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series) =>
        Save(BuildLineChart(title, xLabel, yLabel, series, integerX: false), path);

    /// <summary>Points without lines, e.g. request latency against the time the request started.</summary>
    public static bool ScatterPoints(string path, string title, string xLabel, string yLabel, IReadOnlyList<double> xs, IReadOnlyList<double> ys) =>
        Save(BuildScatterPoints(title, xLabel, yLabel, xs, ys), path);

    internal static Plot? BuildLatencyHistogram(string title, string valueLabel, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
        {
            return null;
        }

        var plot = NewPlot(title, valueLabel, RequestCountLabel);
        WholeNumbers(plot.Axes.Left);
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
        // A latency is never negative, so the padding left of the first bin stops at 0.
        plot.Axes.SetLimits(finite[0] >= 0 ? Math.Max(0, min - binWidth) : min - binWidth, max + binWidth, 0, Math.Max(tallest * 1.4, tallest + 1));
        LegendBeside(plot);
        return plot;
    }

    internal static Plot? BuildMemoryTimeline(string title, IReadOnlyList<MemorySample> samples, LeakAnalysis? fit)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2)
        {
            return null;
        }

        var plot = NewPlot(title, "Time since the phase started (s)", "Resident memory (MB)");
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
                CultureInfo.InvariantCulture,
                $"RSS trend (least squares): {fit.SlopeMegabytesPerMinute:0.###} MB/min, R² {fit.RSquared:0.###}");
        }

        LegendBeside(plot);
        return plot;
    }

    internal static Plot? BuildLineChart(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool integerX)
    {
        ArgumentNullException.ThrowIfNull(series);
        var drawable = series.Where(s => s.X.Count > 0 && s.X.Count == s.Y.Count).ToList();
        if (drawable.Count == 0)
        {
            return null;
        }

        var plot = NewPlot(title, xLabel, yLabel);
        if (integerX)
        {
            WholeNumbers(plot.Axes.Bottom);
        }

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
        LegendBeside(plot);
        return plot;
    }

    /// <summary>
    /// Grouped horizontal bars: one group per category (first at the top), one bar per series in each group (the series'
    /// values are in category order), each bar labelled with its value. For a measurement taken at a single point, where
    /// a line would have nothing to join. Horizontal, so long category names (model names) each get a line of their own.
    /// </summary>
    internal static Plot? BuildBarChart(string title, string categoryLabel, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var drawable = series.Where(s => s.Values.Count == categories.Count && s.Values.Any(v => v is not null)).ToList();
        if (categories.Count == 0 || drawable.Count == 0)
        {
            return null;
        }

        var plot = NewPlot(title, valueLabel, categoryLabel);
        var palette = new ScottPlot.Palettes.Category10();
        const double groupWidth = 0.8;
        var barWidth = groupWidth / drawable.Count;
        var bars = new List<Bar>();
        for (var s = 0; s < drawable.Count; s++)
        {
            for (var c = 0; c < categories.Count; c++)
            {
                if (drawable[s].Values[c] is { } value && double.IsFinite(value))
                {
                    bars.Add(new Bar
                    {
                        // The first category and the first series on top.
                        Position = categories.Count - 1 - c + (groupWidth / 2) - (barWidth * (s + 0.5)),
                        Value = value,
                        Size = barWidth * 0.9,
                        FillColor = palette.GetColor(s),
                        Label = BarLabel(value),
                    });
                }
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;
        if (drawable.Count > 1)
        {
            for (var s = 0; s < drawable.Count; s++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = drawable[s].Label, FillColor = palette.GetColor(s) });
            }
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, categories.Count).Select(i => (double)(categories.Count - 1 - i))], [.. categories]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsY(-0.6, categories.Count - 0.4);
        plot.Axes.SetLimitsX(0, bars.Max(b => b.Value) * 1.15);
        if (drawable.Count > 1)
        {
            LegendBeside(plot);
        }

        return plot;
    }

    internal static Plot? BuildScatterPoints(string title, string xLabel, string yLabel, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Count == 0 || xs.Count != ys.Count)
        {
            return null;
        }

        var plot = NewPlot(title, xLabel, yLabel);
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
        points.MarkerSize = 4;
        // From just left of 0: the first request starts at 0 and must not sit on the frame, and no time before it is shown.
        var span = Math.Max(xs.Max(), 1e-3);
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsX(-0.015 * span, span * 1.03);
        return plot;
    }

    /// <summary>Writes <paramref name="plot"/> as a PNG and disposes it; false (nothing written) when there is no plot.</summary>
    internal static bool Save(Plot? plot, string path)
    {
        if (plot is null)
        {
            return false;
        }

        using (plot)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            plot.SavePng(path, Width, Height);
        }

        return true;
    }

    /// <summary>
    /// ScottPlot 5.1's <c>Box</c> throws for horizontal orientation, so the box is drawn from a rectangle and lines:
    /// quartiles, median, and whiskers to the most extreme values within 1.5 IQR.
    /// </summary>
    private static void AddHorizontalBox(Plot plot, double[] sorted, double centre, double height)
    {
        var q1 = Statistics.PercentileOfSorted(sorted, 25);
        var median = Statistics.PercentileOfSorted(sorted, 50);
        var q3 = Statistics.PercentileOfSorted(sorted, 75);
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
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Number };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Number };
        return plot;
    }

    /// <summary>Ticks only at whole numbers, for axes that count requests or connections.</summary>
    private static void WholeNumbers(IAxis axis) => axis.TickGenerator = new NumericAutomatic { LabelFormatter = Number, IntegerTicksOnly = true };

    /// <summary>
    /// The legend in its own panel outside the data area, where it cannot cover a point: below the chart when its entries
    /// fit on one line, otherwise to the right, one entry a line.
    /// </summary>
    private static void LegendBeside(Plot plot)
    {
        var labels = plot.Legend.GetItems().Select(i => i.LabelText ?? string.Empty).ToList();
        var oneLine = labels.Count <= 4 && labels.Sum(l => l.Length + 8) <= 110;
        plot.Legend.Orientation = oneLine ? Orientation.Horizontal : Orientation.Vertical;
        plot.ShowLegend(oneLine ? Edge.Bottom : Edge.Right);
    }

    /// <summary>
    /// Invariant, without thousands separators (which read as decimal points in half the world); rounded to nine
    /// decimals so floating-point noise in a tick position (0.30000000000000004) does not show.
    /// </summary>
    internal static string Number(double value) => Math.Round(value, 9).ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>A bar's value with three significant figures or more (63.7, 8.42, 1234).</summary>
    private static string BarLabel(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
}
