namespace FakeAI.Reports.Calibration;

/// <summary>The twin's relative error of each figure of a cell: <c>twin / real − 1</c> (0.05 is 5 % too high).</summary>
internal sealed record TwinErrors(double TtftP50, double TtftP90, double ItlAvg, double RequestThroughput, double OutputTokenThroughput)
{
    /// <summary>The errors in table order, each with its figure's name, for the worst-figure search.</summary>
    public IEnumerable<(string Name, double Value)> Named() =>
    [
        ("TTFT p50", TtftP50),
        ("TTFT p90", TtftP90),
        ("ITL avg", ItlAvg),
        ("requests/s", RequestThroughput),
        ("output tokens/s", OutputTokenThroughput),
    ];
}
