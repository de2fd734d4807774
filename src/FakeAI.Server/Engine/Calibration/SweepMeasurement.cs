namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// What a benchmark client reports at one sweep level, with aiperf's definitions: TTFT's median, ITL's mean
/// (<c>(latency − TTFT) / (output − 1)</c> per request, averaged) and requests per second over the run's window.
/// </summary>
internal sealed record SweepMeasurement(SweepPoint Point, double TtftP50Ms, double ItlAvgMs, double RequestsPerSecond)
{
    public double OutputTokensPerSecond => RequestsPerSecond * Point.OutputTokens;
}
