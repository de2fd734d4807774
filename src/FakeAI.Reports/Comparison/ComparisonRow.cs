using FakeAI.Bench.Metrics;

namespace FakeAI.Reports.Comparison;

/// <summary>One metric across all files: <see cref="Values"/> has one entry per file, <see cref="Deltas"/> one per file after the first.</summary>
public sealed record ComparisonRow(
    string Key,
    string Unit,
    MetricDirection Direction,
    IReadOnlyList<double?> Values,
    IReadOnlyList<MetricDelta?> Deltas);
