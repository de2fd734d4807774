namespace FakeAI.Reports.Comparison;

/// <summary>Which way a metric improves; decides whether a change beyond the threshold is a regression.</summary>
public enum MetricDirection
{
    /// <summary>Informational (counts, sequence lengths, durations): never a regression.</summary>
    Neutral,
    LowerIsBetter,
    HigherIsBetter,
}
