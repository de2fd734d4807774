namespace FakeAI.Bench.Metrics;

/// <summary>One exported metric in display units: a distribution (<see cref="Stats"/>) or a single value (<see cref="Avg"/>).</summary>
public sealed record MetricResult(MetricDefinition Definition, double Avg, DistributionStats? Stats)
{
    public string Tag => Definition.Tag;

    public string Header => Definition.Header;

    public string Unit => Definition.Unit;
}
