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
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var valid = result.Metrics.Records.Where(r => r.IsValid).ToList();
        var written = new List<string>();
        void Histogram(string file, string title, IEnumerable<double?> nanoseconds)
        {
            var path = Path.Combine(directory, file);
            if (ChartRenderer.LatencyHistogram(path, title, "ms", [.. nanoseconds.Where(v => v is not null).Select(v => v!.Value / 1e6)]))
            {
                written.Add(path);
            }
        }

        Histogram(TtftFileName, "Time to first token", valid.Select(r => r.TimeToFirstToken));
        Histogram(ItlFileName, "Inter-token latency (per request)", valid.Select(r => r.InterTokenLatency));
        Histogram(LatencyFileName, "Request latency", valid.Select(r => r.RequestLatency));

        var timed = valid.Where(r => r.RequestLatency is not null).OrderBy(r => r.StartUnixNs).ToList();
        if (timed.Count > 0)
        {
            var origin = timed[0].StartUnixNs;
            var path = Path.Combine(directory, LatencyOverTimeFileName);
            if (ChartRenderer.ScatterPoints(path, "Request latency over the run", "Request start (s since first request)", "Request latency (ms)",
                    [.. timed.Select(r => (r.StartUnixNs - origin) / 1e9)], [.. timed.Select(r => r.RequestLatency!.Value / 1e6)]))
            {
                written.Add(path);
            }
        }

        return written;
    }
}
