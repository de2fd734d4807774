namespace FakeAI.Reports.Documents;

/// <summary>One piece of a report; <see cref="MarkdownReportWriter"/> and <see cref="HtmlReportWriter"/> render the same blocks.</summary>
public abstract record ReportBlock;

/// <summary>A section heading; level 1 is the document title.</summary>
public sealed record HeadingBlock(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of plain text. <c>**bold**</c> spans are kept in Markdown and rendered bold in HTML.</summary>
public sealed record ParagraphBlock(string Text) : ReportBlock;

/// <summary>A bullet list of plain-text items (same <c>**bold**</c> rule as paragraphs).</summary>
public sealed record BulletListBlock(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table. Columns whose header is listed in <paramref name="NumericColumns"/> are right-aligned.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int>? NumericColumns = null) : ReportBlock;

/// <summary>A PNG chart stored next to the report; <paramref name="FileName"/> is relative to the report's directory.</summary>
public sealed record ChartBlock(string Caption, string FileName) : ReportBlock;

/// <summary>A preformatted block such as a JSON configuration.</summary>
public sealed record CodeBlock(string Language, string Text) : ReportBlock;
