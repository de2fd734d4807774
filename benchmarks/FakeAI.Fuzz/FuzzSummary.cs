using System.Globalization;
using System.Text;

namespace FakeAI.Fuzz;

/// <summary>The run's result as Markdown (printed and written to <c>summary.md</c>).</summary>
internal static class FuzzSummary
{
    public static string Write(FuzzOptions options, Uri server, FuzzStats stats, FuzzRun run, long? memoryStart, long? memoryEnd, string? endFailure, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB" : "n/a";

        Line($"| | Value |");
        Line($"|---|---|");
        Line($"| server | {server} {(options.Url is null ? "(started by the tool: `server --port 0 " + options.ServerArgs + "`)" : string.Empty)} |");
        Line($"| duration | {run.Elapsed.TotalSeconds:F1} s: {options.Seconds} s of sending, then the requests in flight finish (at most 30 s each); seed {options.Seed}, {options.Workers} workers |");
        Line($"| requests sent | {stats.Sent:N0} ({stats.Sent / Math.Max(run.Elapsed.TotalSeconds, 1):F0}/s, {stats.BytesSent / 1048576.0:F1} MB) |");
        Line($"| by kind | {Join(stats.Kinds)} |");
        Line($"| status histogram | {Join(stats.Statuses)} |");
        Line($"| outcomes | {Join(stats.Outcomes)} |");
        Line($"| 5xx | {stats.ServerErrors} unexpected; {stats.KnownServerErrors} × the documented 505 for a request line whose version is not HTTP/1.0 or 1.1 |");
        Line($"| unexpected connection errors | {stats.UnexpectedConnectionErrors} (no answer to a well-framed request, a timeout, a refused connection) |");
        Line($"| valid requests not answered 200 | {stats.ValidNot200} |");
        Line($"| checks (normal chat + /metrics) | {run.Checks} every {options.CheckEverySeconds} s, {run.CheckFailures.Count} failed, slowest {run.LongestCheckMilliseconds:F0} ms; after the run: {endFailure ?? "ok"} |");
        Line($"| resident memory | start {Mb(memoryStart)}, end {Mb(memoryEnd)}, peak sampled {Mb(run.Memory.Count == 0 ? null : run.Memory.Max(m => m.ResidentBytes))} |");
        Line($"| load average (1/5/15 min) | before {loadBefore}; after {loadAfter} |");
        Line($"| server died | {run.ServerDied ?? "no"} |");
        if (run.Memory.Count > 0)
        {
            Line($"\nAt the checks (seconds: requests sent, resident MB / managed heap MB / /metrics response KB): {string.Join("; ", run.Memory.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Seconds:F0}: {m.Requests}, {m.ResidentBytes / 1048576.0:F0}/{(m.ManagedBytes is { } managed ? (managed / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) : "?")}/{m.MetricsBytes / 1024.0:F0}")))}");
        }

        foreach (var failure in run.CheckFailures.Take(20))
        {
            Line($"\nfailed check: {failure}");
        }

        var saved = stats.Findings.Order(StringComparer.Ordinal).ToList();
        if (saved.Count > 0)
        {
            Line($"\nSaved for replay in {Path.Combine(options.Output, "findings")} ({saved.Count}):");
            foreach (var name in saved.Take(100))
            {
                Line($"- {name}");
            }
        }

        return text.ToString();
    }

    private static string Join(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}: {c.Value:N0}")));
}
