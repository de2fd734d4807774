namespace FakeAI.Reports.Comparison;

/// <summary>
/// The comparable metrics read from one file. <see cref="Kind"/> is <c>profile export</c>, <c>suite summary</c> or
/// <c>bench results (name)</c>; <see cref="Description"/> is a short human description (model, run count, timestamp).
/// </summary>
public sealed record ResultSet(string Path, string Kind, string Description, IReadOnlyList<ComparedMetric> Metrics);
