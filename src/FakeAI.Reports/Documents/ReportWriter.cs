namespace FakeAI.Reports.Documents;

/// <summary>Writes a report as Markdown and, next to it, the self-contained <c>report.html</c>.</summary>
public static class ReportWriter
{
    public const string HtmlFileName = "report.html";

    /// <summary>Writes <paramref name="markdownFileName"/> and <see cref="HtmlFileName"/> into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(ReportDocument document, string directory, string markdownFileName, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await MarkdownReportWriter.WriteAsync(document, Path.Combine(directory, markdownFileName), cancellationToken);
        await HtmlReportWriter.WriteAsync(document, Path.Combine(directory, HtmlFileName), cancellationToken);
    }
}
