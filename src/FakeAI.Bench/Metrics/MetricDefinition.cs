namespace FakeAI.Bench.Metrics;

/// <summary>One metric: aiperf tag and header, display unit, the factor from base unit to display unit, and flags.</summary>
public sealed record MetricDefinition(string Tag, string Header, string Unit, double DisplayFactor, bool IsDistribution, MetricTraits Flags)
{
    public bool Has(MetricTraits flag) => (Flags & flag) == flag;

    /// <summary>
    /// Which way the metric improves, from what it measures: time spent (ms) is better lower, a rate (per second) higher,
    /// failed requests fewer; sizes, counts, timestamps and durations only describe the run.
    /// </summary>
    public MetricDirection Direction =>
        Unit == "ms" ? MetricDirection.LowerIsBetter
        : Unit.Contains("/sec", StringComparison.Ordinal) ? MetricDirection.HigherIsBetter
        : Has(MetricTraits.ErrorOnly) && Unit == "requests" ? MetricDirection.LowerIsBetter
        : MetricDirection.Neutral;
}
