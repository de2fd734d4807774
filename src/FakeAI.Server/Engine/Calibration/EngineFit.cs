namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// A fitted engine: the step-time model and batch limit that reproduce a measured sweep best, with the residual of every
/// cell. <see cref="Converged"/> is false when the optimizer's restart stopped at its iteration limit while still improving.
/// </summary>
internal sealed record EngineFit(EngineOptions Options, IReadOnlyList<CellResidual> Residuals, bool Converged, int Evaluations)
{
    public double WorstError => Residuals.Count == 0 ? 0 : Residuals.Max(r => r.WorstError);
}
