using System.Buffers.Binary;
using FakeAI.Bench.Memory;
using FakeAI.Reports.Charts;

namespace FakeAI.Reports.Tests.Charts;

public sealed class ChartRendererTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Latency_histogram_with_box_plot_is_a_png_of_the_chart_size()
    {
        var random = new Random(1);
        var latencies = Enumerable.Range(0, 500).Select(_ => 20 + (Math.Exp(random.NextDouble() * 3) * 5)).ToList();
        var path = _dir.File("latency.png");

        Assert.True(ChartRenderer.LatencyHistogram(path, "Request latency", "Latency (ms)", latencies));

        Assert.Equal((ChartRenderer.Width, ChartRenderer.Height), PngSize(path));
    }

    [Fact]
    public void Histogram_of_a_single_value_still_renders()
    {
        var path = _dir.File("single.png");
        Assert.True(ChartRenderer.LatencyHistogram(path, "One", "ms", [5.0]));
        PngSize(path);
    }

    [Fact]
    public void Nothing_to_draw_writes_no_file()
    {
        var path = _dir.File("empty.png");

        Assert.False(ChartRenderer.LatencyHistogram(path, "t", "ms", [double.NaN]));
        Assert.False(ChartRenderer.MemoryTimeline(path, "t", [], null));
        Assert.False(ChartRenderer.LineChart(path, "t", "x", "y", [new ChartSeries("a", [1], [])]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Memory_timeline_with_fit_renders_under_a_comma_decimal_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var samples = Enumerable.Range(0, 12).Select(i => new MemorySample(i * 10, 100 + (i * 0.4) + (i % 3 * 0.2))).ToList();
            var path = _dir.File("memory.png");

            Assert.True(ChartRenderer.MemoryTimeline(path, "Memory", samples, LeakDetector.Analyze(samples)));

            PngSize(path);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Line_chart_and_scatter_render()
    {
        var line = _dir.File("line.png");
        var scatter = _dir.File("scatter.png");

        Assert.True(ChartRenderer.LineChart(line, "TTFT vs concurrency", "Concurrency", "ms",
        [
            new ChartSeries("model-a streaming p50", [10, 50, 100], [20, 25, 40]),
            new ChartSeries("model-a streaming p99", [10, 50, 100], [30, 45, 90], Dashed: true),
        ]));
        Assert.True(ChartRenderer.ScatterPoints(scatter, "Latency over time", "s", "ms", [0, 1, 2], [10, 12, 11]));

        PngSize(line);
        PngSize(scatter);
    }
}
