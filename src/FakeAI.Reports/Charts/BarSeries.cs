namespace FakeAI.Reports.Charts;

/// <summary>One bar per category of a bar chart, in category order; null where the category has no value.</summary>
internal sealed record BarSeries(string Label, IReadOnlyList<double?> Values);
