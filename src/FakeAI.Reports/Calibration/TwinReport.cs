using System.Globalization;
using System.Text;
using System.Text.Json;
using FakeAI.Reports.Documents;

namespace FakeAI.Reports.Calibration;

/// <summary>
/// Writes a verification into its folder: <c>verify.md</c> (with <c>report.html</c>), <c>verify.json</c> and the
/// charts. Called only with a complete verification, so a folder never holds half a sweep.
/// </summary>
internal static class TwinReport
{
    public const string MarkdownFileName = "verify.md";
    public const string JsonFileName = "verify.json";

    /// <summary>Writes every file and returns the paths written.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(TwinVerification verification, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        Directory.CreateDirectory(directory);
        var charts = TwinCharts.Specs(verification).Where(c => c.Write(directory)).ToList();
        var jsonPath = Path.Combine(directory, JsonFileName);
        await File.WriteAllTextAsync(jsonPath, ToJson(verification), new UTF8Encoding(false), cancellationToken);
        await ReportWriter.WriteAsync(Build(verification, [.. charts.Select(c => (c.Caption, c.FileName))]), directory, MarkdownFileName, cancellationToken);
        return [Path.Combine(directory, MarkdownFileName), jsonPath, .. charts.Select(c => Path.Combine(directory, c.FileName))];
    }

    public static string ToJson(TwinVerification verification) =>
        JsonSerializer.Serialize(verification, TwinVerificationJsonContext.Default.TwinVerification);

    public static ReportDocument Build(TwinVerification verification, IReadOnlyList<(string Caption, string FileName)> charts)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(charts);
        var doc = new ReportDocument("FakeAI twin verification")
            .Bullets(
            [
                $"Real server: {verification.Real}",
                $"Twin: engine profile {verification.Profile}, one engine (one worker, no prefix cache), in the client's process",
                string.Create(CultureInfo.InvariantCulture, $"Model: {verification.Model}; every answer {verification.OutputTokens} tokens"),
                $"Started: {verification.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
                Verdict(verification),
            ])
            .Heading("Cells")
            .Table(TwinFormat.Headers, verification.Cells.Select(TwinFormat.Row), 0, 1, 2, 3, 4, 5, 6)
            .Paragraph("Each figure is real / twin (twin / real − 1). A cell's error is the largest of its TTFT p50, ITL avg and requests/s errors; TTFT p90 and output tokens/s are shown, not judged.");
        if (charts.Count > 0)
        {
            doc.Heading("Charts");
            foreach (var (caption, file) in charts)
            {
                doc.Chart(caption, file);
            }
        }

        return doc;
    }

    /// <summary>The worst cell and whether every cell is within the limit, in one line.</summary>
    public static string Verdict(TwinVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var worst = verification.Cells.MaxBy(c => c.WorstError);
        var limit = verification.MaxError.ToString("0.0%", CultureInfo.InvariantCulture);
        var where = worst is null ? "no cells" : "worst cell " + TwinFormat.Worst(worst);
        return verification.Passed
            ? $"**Within {limit}** at every cell; {where}"
            : string.Create(CultureInfo.InvariantCulture, $"**{verification.Failing.Count} of {verification.Cells.Count} cells over {limit}**; {where}");
    }
}
