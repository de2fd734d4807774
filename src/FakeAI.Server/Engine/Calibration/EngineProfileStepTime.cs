namespace FakeAI.Server.Engine.Calibration;

/// <summary>The step-time model's coefficients (docs/engine.md), ms.</summary>
internal sealed record EngineProfileStepTime(double Base, double PerDecodeSeq, double PerToken, double Weights, double PerContextToken);
