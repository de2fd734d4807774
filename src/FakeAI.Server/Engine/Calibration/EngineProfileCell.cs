namespace FakeAI.Server.Engine.Calibration;

/// <summary>One sweep level: what was measured, what the twin predicts, and the relative error of each.</summary>
internal sealed record EngineProfileCell(
    int Concurrency, int PromptTokens, int OutputTokens, int Requests,
    double MeasuredTtftP50Ms, double MeasuredItlAvgMs, double MeasuredRequestThroughput,
    double PredictedTtftP50Ms, double PredictedItlAvgMs, double PredictedRequestThroughput)
{
    public static EngineProfileCell From(CellResidual r) => new(
        r.Measured.Point.Concurrency, r.Measured.Point.PromptTokens, r.Measured.Point.OutputTokens, r.Measured.Point.Requests,
        r.Measured.TtftP50Ms, r.Measured.ItlAvgMs, r.Measured.RequestsPerSecond,
        r.Predicted.TtftP50Ms, r.Predicted.ItlAvgMs, r.Predicted.RequestsPerSecond);
}
