namespace FakeAI.Reports.Calibration;

/// <summary>
/// What the benchmark client measured at one sweep cell, with aiperf's definitions: TTFT's median and 90th percentile,
/// ITL's mean, and requests and output tokens per second over the run's window.
/// </summary>
internal sealed record TwinFigures(double TtftP50Ms, double TtftP90Ms, double ItlAvgMs, double RequestsPerSecond, double OutputTokensPerSecond)
{
    /// <summary>Each figure's relative error against <paramref name="real"/>: <c>this / real − 1</c>.</summary>
    public TwinErrors ErrorAgainst(TwinFigures real)
    {
        ArgumentNullException.ThrowIfNull(real);
        return new TwinErrors(
            TtftP50Ms / real.TtftP50Ms - 1,
            TtftP90Ms / real.TtftP90Ms - 1,
            ItlAvgMs / real.ItlAvgMs - 1,
            RequestsPerSecond / real.RequestsPerSecond - 1,
            OutputTokensPerSecond / real.OutputTokensPerSecond - 1);
    }
}
