namespace FakeAI.Reports.Charts;

/// <summary>One line of a line chart: a legend label and matching X/Y values.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false);
