namespace FakeAI.Reports.Comparison;

/// <summary>
/// How a value compares with the baseline (the first file). <see cref="Percent"/> is <see langword="null"/> when the
/// baseline is 0.
/// </summary>
public sealed record MetricDelta(double Absolute, double? Percent, DeltaVerdict Verdict);

public enum DeltaVerdict
{
    /// <summary>Within the threshold, or a neutral metric.</summary>
    Unchanged,
    Improved,
    Regressed,
}
