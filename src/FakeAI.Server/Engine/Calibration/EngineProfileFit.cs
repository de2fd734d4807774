namespace FakeAI.Server.Engine.Calibration;

internal sealed record EngineProfileFit(bool Converged, double WorstError, IReadOnlyList<EngineProfileCell> Cells);
