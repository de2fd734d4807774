using FakeAI.Bench.Metrics;

namespace FakeAI.Reports.Comparison;

/// <summary>One metric of one result file, keyed so that the same metric lines up across files.</summary>
public sealed record ComparedMetric(string Key, string Unit, double Value, MetricDirection Direction);
