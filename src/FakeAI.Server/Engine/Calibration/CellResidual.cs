namespace FakeAI.Server.Engine.Calibration;

/// <summary>How far the fitted twin's prediction of one sweep level is from what was measured: <c>predicted / measured − 1</c>.</summary>
internal sealed record CellResidual(SweepMeasurement Measured, SweepMeasurement Predicted)
{
    public double TtftError => Predicted.TtftP50Ms / Measured.TtftP50Ms - 1;

    public double ItlError => Predicted.ItlAvgMs / Measured.ItlAvgMs - 1;

    public double ThroughputError => Predicted.RequestsPerSecond / Measured.RequestsPerSecond - 1;

    /// <summary>The largest of the three errors, in absolute value.</summary>
    public double WorstError => Math.Max(Math.Abs(TtftError), Math.Max(Math.Abs(ItlError), Math.Abs(ThroughputError)));
}
