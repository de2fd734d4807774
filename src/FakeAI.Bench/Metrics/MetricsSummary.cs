namespace FakeAI.Bench.Metrics;

/// <summary>The run's exported metrics in aiperf's order plus the per-record values they came from.</summary>
public sealed record MetricsSummary(IReadOnlyList<MetricResult> Results, IReadOnlyList<RecordMetrics> Records)
{
    public MetricResult? Get(string tag) => Results.FirstOrDefault(r => r.Tag == tag);

    public int ValidCount => (int)(Get(MetricCatalog.RequestCount.Tag)?.Avg ?? 0);

    public int ErrorCount => (int)(Get(MetricCatalog.ErrorRequestCount.Tag)?.Avg ?? 0);
}
