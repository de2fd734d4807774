namespace FakeAI.Bench.Metrics;

/// <summary>Applicability and display flags, mirroring aiperf's MetricTraits.</summary>
[Flags]
public enum MetricTraits
{
    None = 0,
    StreamingOnly = 1,
    ProducesTokensOnly = 2,
    NoConsole = 4,
    ErrorOnly = 8,
    LargerIsBetter = 16,
    GoodputOnly = 32,

    /// <summary>Not in aiperf: schedule lag and intended-start latencies (open-loop honesty metrics).</summary>
    Extension = 64,
}
