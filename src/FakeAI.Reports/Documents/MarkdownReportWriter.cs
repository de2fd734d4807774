using System.Text;

namespace FakeAI.Reports.Documents;

/// <summary>Renders a <see cref="ReportDocument"/> as GitHub-flavoured Markdown.</summary>
public static class MarkdownReportWriter
{
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    md.Append('#', Math.Clamp(h.Level, 1, 6)).Append(' ').Append(h.Text).Append('\n');
                    break;
                case ParagraphBlock p:
                    md.Append(p.Text).Append('\n');
                    break;
                case BulletListBlock list:
                    foreach (var item in list.Items)
                    {
                        md.Append("- ").Append(item).Append('\n');
                    }

                    break;
                case TableBlock t:
                    AppendTable(md, t);
                    break;
                case ChartBlock c:
                    md.Append("![").Append(c.Caption).Append("](").Append(c.FileName).Append(")\n");
                    break;
                case CodeBlock code:
                    md.Append("```").Append(code.Language).Append('\n').Append(code.Text.TrimEnd('\n')).Append("\n```\n");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block.GetType().Name, "Unknown report block.");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    public static Task WriteAsync(ReportDocument document, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Render(document), new UTF8Encoding(false), cancellationToken);

    private static void AppendTable(StringBuilder md, TableBlock table)
    {
        md.Append('|');
        foreach (var header in table.Headers)
        {
            md.Append(' ').Append(Cell(header)).Append(" |");
        }

        md.Append("\n|");
        for (var i = 0; i < table.Headers.Count; i++)
        {
            md.Append(table.NumericColumns?.Contains(i) == true ? "---:|" : "---|");
        }

        md.Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append('|');
            foreach (var cell in row)
            {
                md.Append(' ').Append(Cell(cell)).Append(" |");
            }

            md.Append('\n');
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
