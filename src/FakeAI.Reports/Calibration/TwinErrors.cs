namespace FakeAI.Reports.Calibration;

/// <summary>The twin's relative error of each figure of a cell: <c>twin / real − 1</c> (0.05 is 5 % too high).</summary>
internal sealed record TwinErrors(double TtftP50, double TtftP90, double ItlAvg, double RequestThroughput, double OutputTokenThroughput)
{
    /// <summary>
    /// The errors a cell is judged by, each with its figure's name: the figures the fit minimises and the issue sets its
    /// targets on. TTFT p90 is shown but not judged (of 16 requests it is the second slowest, and one scheduling hiccup
    /// moves it by half), nor output tokens/s (requests/s times the fixed answer length).
    /// </summary>
    public IEnumerable<(string Name, double Value)> Judged() =>
    [
        ("TTFT p50", TtftP50),
        ("ITL avg", ItlAvg),
        ("requests/s", RequestThroughput),
    ];
}
