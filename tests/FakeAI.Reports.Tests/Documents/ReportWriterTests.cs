using System.Diagnostics;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Tests.Charts;

namespace FakeAI.Reports.Tests.Documents;

public sealed class ReportWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ReportDocument Sample()
    {
        ChartRenderer.LatencyHistogram(_dir.File("latency.png"), "Latency", "ms", Enumerable.Range(1, 200).Select(i => (double)i).ToList());
        return new ReportDocument("Throughput Benchmark Results")
            .Paragraph("Server: **http://127.0.0.1:1234** <script>alert(1)</script>")
            .Heading("Summary")
            .Table(["Test", "RPS", "P90 (ms)"], [["small | stream", "12.50", "40.00"], ["large", "3.25", "900.10"]], 1, 2)
            .Bullets(["first", "**second**"])
            .Chart("Latency distribution", "latency.png")
            .Chart("Missing chart", "absent.png")
            .Code("json", "{\"a\": 1}");
    }

    [Fact]
    public void Markdown_has_headings_aligned_tables_images_and_code()
    {
        var md = MarkdownReportWriter.Render(Sample());

        Assert.StartsWith("# Throughput Benchmark Results\n", md, StringComparison.Ordinal);
        Assert.Contains("\n## Summary\n", md, StringComparison.Ordinal);
        Assert.Contains("| Test | RPS | P90 (ms) |\n|---|---:|---:|\n| small \\| stream | 12.50 | 40.00 |\n", md, StringComparison.Ordinal);
        Assert.Contains("- **second**\n", md, StringComparison.Ordinal);
        Assert.Contains("![Latency distribution](latency.png)", md, StringComparison.Ordinal);
        Assert.Contains("```json\n{\"a\": 1}\n```", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_is_self_contained_and_escapes_text()
    {
        await ReportWriter.WriteAsync(Sample(), _dir.Path, "throughput_results.md", CancellationToken.None);
        var html = await File.ReadAllTextAsync(_dir.File(ReportWriter.HtmlFileName));

        Assert.True(File.Exists(_dir.File("throughput_results.md")));
        Assert.Contains("<img alt=\"Latency distribution\" src=\"data:image/png;base64,iVBORw0KGgo", html, StringComparison.Ordinal);
        Assert.Contains("Chart not available: absent.png", html, StringComparison.Ordinal);
        Assert.Contains("<strong>http://127.0.0.1:1234</strong> &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">900.10</td>", html, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Html_report_renders_in_headless_chromium()
    {
        await ReportWriter.WriteAsync(Sample(), _dir.Path, "throughput_results.md", CancellationToken.None);
        var screenshot = _dir.File("screenshot.png");
        var profile = Directory.CreateDirectory(_dir.File("chromium-profile")).FullName;
        var start = new ProcessStartInfo(ChromiumFactAttribute.ChromiumPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profile}", $"--screenshot={screenshot}", "--window-size=1280,2000",
                     new Uri(_dir.File(ReportWriter.HtmlFileName)).AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var chromium = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = chromium.StandardError.ReadToEndAsync(timeout.Token);
        await chromium.WaitForExitAsync(timeout.Token);

        Assert.True(File.Exists(screenshot), $"no screenshot; chromium exit {chromium.ExitCode}: {await stderr}");
        Assert.Equal((1280, 2000), ChartRendererTests.PngSize(screenshot));
        // A blank page compresses to a few kilobytes; text, tables and the embedded chart make it far larger.
        Assert.True(new FileInfo(screenshot).Length > 40_000, $"screenshot is only {new FileInfo(screenshot).Length} bytes");
        var keep = Environment.GetEnvironmentVariable("FAKEAI_KEEP_SCREENSHOT");
        if (!string.IsNullOrEmpty(keep))
        {
            File.Copy(screenshot, keep, overwrite: true);
        }
    }
}
