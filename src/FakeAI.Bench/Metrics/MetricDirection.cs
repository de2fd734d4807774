namespace FakeAI.Bench.Metrics;

/// <summary>Which way a metric improves; decides whether a change beyond a threshold is a regression.</summary>
public enum MetricDirection
{
    /// <summary>Informational (counts, sequence lengths, durations): never a regression.</summary>
    Neutral,
    LowerIsBetter,
    HigherIsBetter,
}
