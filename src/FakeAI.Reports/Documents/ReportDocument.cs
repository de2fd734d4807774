namespace FakeAI.Reports.Documents;

/// <summary>A report built once and written as Markdown and as a self-contained HTML page.</summary>
public sealed class ReportDocument
{
    private readonly List<ReportBlock> _blocks = [];

    public ReportDocument(string title)
    {
        Title = title;
        _blocks.Add(new HeadingBlock(1, title));
    }

    public string Title { get; }

    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    public ReportDocument Heading(string text, int level = 2) => Add(new HeadingBlock(level, text));

    public ReportDocument Paragraph(string text) => Add(new ParagraphBlock(text));

    public ReportDocument Bullets(IEnumerable<string> items) => Add(new BulletListBlock(items.ToList()));

    public ReportDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, params int[] numericColumns) =>
        Add(new TableBlock(headers, rows.ToList(), numericColumns.ToHashSet()));

    public ReportDocument Chart(string caption, string fileName) => Add(new ChartBlock(caption, fileName));

    public ReportDocument Code(string language, string text) => Add(new CodeBlock(language, text));

    /// <summary>Appends another document as a section: its title becomes a level-2 heading and its headings move one level down.</summary>
    public ReportDocument AddSection(ReportDocument section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (var block in section.Blocks)
        {
            Add(block is HeadingBlock h ? h with { Level = Math.Min(h.Level + 1, 6) } : block);
        }

        return this;
    }

    public ReportDocument Add(ReportBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _blocks.Add(block);
        return this;
    }
}
