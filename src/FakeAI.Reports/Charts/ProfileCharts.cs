using FakeAI.Bench;

namespace FakeAI.Reports.Charts;

/// <summary>
/// The per-run charts of <c>fakeai profile --plots</c>: TTFT, ITL and request-latency distributions (histogram with box
/// plot) and request latency over the run. Charts without data (TTFT/ITL of a non-streaming run) are skipped.
/// </summary>
public static class ProfileCharts
{
    public const string TtftFileName = "ttft_distribution.png";
    public const string ItlFileName = "itl_distribution.png";
    public const string LatencyFileName = "request_latency_distribution.png";
    public const string LatencyOverTimeFileName = "latency_over_time.png";

    /// <summary>Draws the charts into <paramref name="directory"/> and returns the paths written.</summary>
    public static IReadOnlyList<string> Write(ProfileResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        return [.. Specs(result).Where(c => c.Write(directory)).Select(c => Path.Combine(directory, c.FileName))];
    }

    internal static IReadOnlyList<ChartSpec> Specs(ProfileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var valid = result.Metrics.Records.Where(r => r.IsValid).ToList();
        ChartSpec Histogram(string file, string title, string valueLabel, Func<Bench.Metrics.RecordMetrics, double?> nanoseconds) =>
            new(file, title, () => ChartRenderer.BuildLatencyHistogram(title, valueLabel, [.. valid.Select(nanoseconds).OfType<double>().Select(v => v / 1e6)]));

        var timed = valid.Where(r => r.RequestLatency is not null).OrderBy(r => r.StartUnixNs).ToList();
        var origin = timed.Count > 0 ? timed[0].StartUnixNs : 0;
        return
        [
            Histogram(TtftFileName, "Time to first token", "Time to first token (ms)", r => r.TimeToFirstToken),
            Histogram(ItlFileName, "Inter-token latency (per request)", "Inter-token latency, mean of the request (ms)", r => r.InterTokenLatency),
            Histogram(LatencyFileName, "Request latency", "Request latency (ms)", r => r.RequestLatency),
            new(LatencyOverTimeFileName, "Request latency over the run", () => ChartRenderer.BuildScatterPoints(
                "Request latency over the run", "Request start, since the first request (s)", "Request latency (ms)",
                [.. timed.Select(r => (r.StartUnixNs - origin) / 1e9)], [.. timed.Select(r => r.RequestLatency!.Value / 1e6)])),
        ];
    }
}
