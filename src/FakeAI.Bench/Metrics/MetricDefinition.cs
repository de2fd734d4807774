namespace FakeAI.Bench.Metrics;

/// <summary>One metric: aiperf tag and header, display unit, the factor from base unit to display unit, and flags.</summary>
public sealed record MetricDefinition(string Tag, string Header, string Unit, double DisplayFactor, bool IsDistribution, bool IsInteger, MetricTraits Flags)
{
    public bool Has(MetricTraits flag) => (Flags & flag) == flag;
}
