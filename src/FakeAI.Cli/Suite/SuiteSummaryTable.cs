using System.Globalization;
using FakeAI.Reports.Results;
using Spectre.Console;

namespace FakeAI.Cli.Suite;

/// <summary>The console table that ends <c>fakeai suite</c>: one row per run with the figures of benchmark_summary.json.</summary>
internal static class SuiteSummaryTable
{
    public static Table Render(SuiteSummary summary)
    {
        var table = new Table().Title("FakeAI Suite | Runs");
        table.AddColumn("Run");
        table.AddColumn("Result");
        foreach (var column in new[] { "req/s", "out tok/s", "TTFT p50 (ms)", "ITL p50 (ms)", "latency p99 (ms)", "errors" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var run in summary.Results)
        {
            var m = run.Metrics;
            table.AddRow(
                Markup.Escape(run.Name),
                run.Success ? "[green]ok[/]" : "[red]FAILED[/]",
                N(m?.RequestThroughput),
                N(m?.OutputTokenThroughput),
                N(m?.TimeToFirstTokenP50),
                N(m?.InterTokenLatencyP50),
                N(m?.RequestLatencyP99),
                m?.ErrorCount is { } errors ? errors.ToString("F0", CultureInfo.InvariantCulture) : "N/A");
        }

        return table;
    }

    private static string N(double? value) => value is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "N/A";
}
