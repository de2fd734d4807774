using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FakeAI.Reports.Documents;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, charts embedded as base64 PNG data
/// URIs, no script and no network access, so the file can be mailed or archived on its own.
/// </summary>
public static partial class HtmlReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
        main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff;min-height:100vh;box-shadow:0 0 12px rgba(0,0,0,.06)}
        h1{font-size:1.8em;border-bottom:3px solid #2f6fde;padding-bottom:.3em}
        h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid #dde1e8;padding-bottom:.2em}
        h3{font-size:1.1em;margin-top:1.4em}
        table{border-collapse:collapse;margin:.8em 0;font-size:.92em;width:auto}
        th,td{border:1px solid #d4d9e1;padding:5px 10px;text-align:left;vertical-align:top}
        th{background:#eef2f8}
        tr:nth-child(even) td{background:#fafbfd}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:1em 0}
        figure img{max-width:100%;border:1px solid #dde1e8}
        figcaption{color:#5a6270;font-size:.9em}
        pre{background:#f3f4f6;padding:10px;overflow-x:auto;font-size:.85em}
        .missing{color:#a33}
        """;

    /// <summary>Renders the page; chart files are read from <paramref name="baseDirectory"/>.</summary>
    public static string Render(ReportDocument document, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(document.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    var level = Math.Clamp(h.Level, 1, 6);
                    html.Append("<h").Append(level).Append('>').Append(Inline(h.Text)).Append("</h").Append(level).Append(">\n");
                    break;
                case ParagraphBlock p:
                    html.Append("<p>").Append(Inline(p.Text)).Append("</p>\n");
                    break;
                case BulletListBlock list:
                    html.Append("<ul>\n");
                    foreach (var item in list.Items)
                    {
                        html.Append("<li>").Append(Inline(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case TableBlock t:
                    AppendTable(html, t);
                    break;
                case ChartBlock c:
                    AppendChart(html, c, baseDirectory);
                    break;
                case CodeBlock code:
                    html.Append("<pre><code>").Append(Encode(code.Text)).Append("</code></pre>\n");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block.GetType().Name, "Unknown report block.");
            }
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static Task WriteAsync(ReportDocument document, string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return File.WriteAllTextAsync(path, Render(document, directory), new UTF8Encoding(false), cancellationToken);
    }

    private static void AppendTable(StringBuilder html, TableBlock table)
    {
        html.Append("<table>\n<thead><tr>");
        for (var i = 0; i < table.Headers.Count; i++)
        {
            html.Append(IsNumeric(table, i) ? "<th class=\"num\">" : "<th>").Append(Inline(table.Headers[i])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(IsNumeric(table, i) ? "<td class=\"num\">" : "<td>").Append(Inline(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendChart(StringBuilder html, ChartBlock chart, string baseDirectory)
    {
        var path = Path.Combine(baseDirectory, chart.FileName);
        html.Append("<figure>");
        if (File.Exists(path))
        {
            html.Append("<img alt=\"").Append(Encode(chart.Caption)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(File.ReadAllBytes(path))).Append("\">");
        }
        else
        {
            html.Append("<p class=\"missing\">Chart not available: ").Append(Encode(chart.FileName)).Append("</p>");
        }

        html.Append("<figcaption>").Append(Encode(chart.Caption)).Append("</figcaption></figure>\n");
    }

    private static bool IsNumeric(TableBlock table, int column) => table.NumericColumns?.Contains(column) == true;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Inline(string text) => Bold().Replace(Encode(text), "<strong>$1</strong>");

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
