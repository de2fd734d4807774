using System.Globalization;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Suite;

/// <summary><c>BENCHMARK_REPORT.md</c> / <c>report.html</c>: summary, results table, charts, failures, configuration.</summary>
internal static class SuiteReport
{
    public static ReportDocument Build(SuiteSummary summary, IReadOnlyList<(string Caption, string FileName)> charts)
    {
        var doc = new ReportDocument("FakeAI Benchmark Report")
            .Heading("Summary")
            .Bullets(
            [
                $"Server: {summary.ServerUrl}",
                $"Started: {summary.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
                $"Mode: {(summary.Quick ? "quick" : "full")}",
                "Server settings: " + (summary.ServerSettings ?? "not known to the suite (a server at a URL runs with whatever latency it was started with)"),
                "Warm-up: " + (summary.Warmup ?? "none (--no-warmup): the first run includes the client's and server's start-up work"),
                Invariant($"Runs: {summary.Total}, successful: **{summary.Successful}**, failed: **{summary.Failed}**"),
            ])
            .Heading("Results")
            .Table(
                ["Benchmark", "Requests", "Errors", "Throughput (req/s)", "Output tokens/s", "Avg latency (ms)", "P99 latency (ms)", "TTFT avg (ms)", "TTFT p99 (ms)", "ITL avg (ms)", "ITL p99 (ms)", "ISL", "OSL"],
                summary.Results.Select(r => (IReadOnlyList<string>)
                [
                    r.Success ? r.Name : r.Name + " (FAILED)",
                    Number(r.Metrics?.RequestCount, "0"),
                    Number(r.Metrics?.ErrorCount, "0"),
                    Number(r.Metrics?.RequestThroughput),
                    Number(r.Metrics?.OutputTokenThroughput),
                    Number(r.Metrics?.RequestLatencyAvg),
                    Number(r.Metrics?.RequestLatencyP99),
                    Number(r.Metrics?.TimeToFirstTokenAvg),
                    Number(r.Metrics?.TimeToFirstTokenP99),
                    Number(r.Metrics?.InterTokenLatencyAvg),
                    Number(r.Metrics?.InterTokenLatencyP99),
                    Number(r.Metrics?.InputSequenceLengthAvg, "0.#"),
                    Number(r.Metrics?.OutputSequenceLengthAvg, "0.#"),
                ]),
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
            .Paragraph("Output tokens/s counts completion tokens reported by the server (never prompt tokens) over the benchmark window. TTFT and ITL apply to streaming runs only.");

        if (charts.Count > 0)
        {
            doc.Heading("Charts");
            foreach (var (caption, file) in charts)
            {
                doc.Chart(caption, file);
            }
        }

        doc.Heading("Failures");
        var failed = summary.Results.Where(r => !r.Success).ToList();
        if (failed.Count == 0)
        {
            doc.Paragraph("None.");
        }
        else
        {
            doc.Bullets(failed.Select(r => Invariant($"**{r.Name}** after {r.ElapsedSeconds:0.0} s: {r.Error}")));
        }

        return doc.Heading("Configuration").Table(
            ["Benchmark", "Model", "Endpoint", "Streaming", "Concurrency", "Requests", "ISL", "OSL", "Elapsed (s)", "Artifacts"],
            summary.Results.Select(r => (IReadOnlyList<string>)
            [
                r.Name, r.Config.Model, r.Config.EndpointType, r.Config.Streaming ? "yes" : "no",
                Invariant($"{r.Config.Concurrency}"), Invariant($"{r.Config.RequestCount}"), Invariant($"{r.Config.InputTokensMean}"),
                Invariant($"{r.Config.OutputTokensMean}"), Invariant($"{r.ElapsedSeconds:0.0}"), r.ArtifactDir ?? "—",
            ]),
            4, 5, 6, 7, 8);
    }

    internal static string Number(double? value, string format = "0.00") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
