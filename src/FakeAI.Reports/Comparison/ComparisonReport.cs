using System.Globalization;
using FakeAI.Reports.Documents;

namespace FakeAI.Reports.Comparison;

/// <summary>The result of comparing files; renders itself as a report document.</summary>
public sealed record ComparisonReport(IReadOnlyList<ResultSet> Files, double ThresholdPercent, IReadOnlyList<ComparisonRow> Rows)
{
    public IEnumerable<(ComparisonRow Row, int FileIndex, MetricDelta Delta)> Regressions =>
        from row in Rows
        from pair in row.Deltas.Select((d, i) => (Delta: d, FileIndex: i + 1))
        where pair.Delta?.Verdict == DeltaVerdict.Regressed
        select (row, pair.FileIndex, pair.Delta!);

    public bool HasRegression => Regressions.Any();

    /// <summary>Column letter of a file: A is the baseline.</summary>
    public static string Letter(int fileIndex) => fileIndex < 26
        ? ((char)('A' + fileIndex)).ToString()
        : "F" + (fileIndex + 1).ToString(CultureInfo.InvariantCulture);

    public ReportDocument ToDocument()
    {
        var document = new ReportDocument("Benchmark Comparison")
            .Paragraph(string.Create(
                CultureInfo.InvariantCulture,
                $"Baseline: **A**. Deltas are against A; a change of more than {ThresholdPercent:0.##} % in the wrong direction (latency or errors up, throughput down) is a regression."))
            .Heading("Files")
            .Table(
                ["", "File", "Kind", "Description"],
                Files.Select((f, i) => (IReadOnlyList<string>)[Letter(i), f.Path, f.Kind, f.Description]));

        var headers = new List<string> { "Metric", "Unit", "A" };
        var numeric = new List<int> { 2 };
        for (var i = 1; i < Files.Count; i++)
        {
            headers.Add(Letter(i));
            headers.Add($"Δ {Letter(i)}");
            headers.Add($"Δ% {Letter(i)}");
            numeric.AddRange([headers.Count - 3, headers.Count - 2, headers.Count - 1]);
        }

        document.Heading("Metrics").Table(headers, Rows.Select(RowCells), [.. numeric]);

        var regressions = Regressions.ToList();
        document.Heading("Regressions");
        if (regressions.Count == 0)
        {
            document.Paragraph("None beyond the threshold.");
        }
        else
        {
            document.Bullets(regressions.Select(r => string.Create(
                CultureInfo.InvariantCulture,
                $"**{Letter(r.FileIndex)}** {r.Row.Key}: {Number(r.Row.Values[0])} → {Number(r.Row.Values[r.FileIndex])} {r.Row.Unit} ({Percent(r.Delta)})")));
        }

        return document;
    }

    private static IReadOnlyList<string> RowCells(ComparisonRow row)
    {
        var cells = new List<string> { row.Key, row.Unit, Number(row.Values[0]) };
        for (var i = 1; i < row.Values.Count; i++)
        {
            var delta = row.Deltas[i - 1];
            cells.Add(Number(row.Values[i]));
            cells.Add(delta is null ? "—" : Signed(delta.Absolute));
            cells.Add(delta is null ? "—" : Percent(delta) + delta.Verdict switch
            {
                DeltaVerdict.Regressed => " **REGRESSION**",
                DeltaVerdict.Improved => " (better)",
                _ => string.Empty,
            });
        }

        return cells;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    private static string Signed(double value) => value.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);

    private static string Percent(MetricDelta delta) =>
        delta.Percent is { } p ? p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
