namespace FakeAI.Server.Engine;

/// <summary>
/// The body of <c>GET /engine/metrics</c>: the engine mode, its settings, and each worker's queue, batch and KV state
/// (no workers with <c>--engine delay</c>).
/// </summary>
internal sealed record EngineStateSnapshot(string Engine, EngineSettingsSnapshot? Settings, IReadOnlyList<EngineWorkerState> Workers)
{
    public static EngineStateSnapshot Delay { get; } = new("delay", null, []);
}

/// <summary>The per-worker limits and the step-time model's coefficients (ms).</summary>
internal sealed record EngineSettingsSnapshot(
    int MaxNumSeqs,
    int MaxNumBatchedTokens,
    int BlockSize,
    int CapacityBlocksPerWorker,
    int ReferencePromptTokens,
    double StepBaseMs,
    double StepPerDecodeSeqMs,
    double StepPerTokenMs,
    double StepWeightsMs,
    double StepPerContextTokenMs)
{
    public static EngineSettingsSnapshot From(EngineOptions o, int referencePromptTokens) => new(
        o.MaxNumSeqs, o.MaxNumBatchedTokens, o.BlockSize, o.CapacityBlocks, referencePromptTokens, o.StepTime.BaseMs,
        o.StepTime.PerDecodeSeqMs, o.StepTime.PerTokenMs, o.StepTime.WeightsMs, o.StepTime.PerContextTokenMs);
}

/// <summary>One worker: running and waiting requests, KV blocks in use, its counters since start and its step lateness.</summary>
internal sealed record EngineWorkerState(
    string Worker,
    int Running,
    int Waiting,
    int UsedBlocks,
    int CapacityBlocks,
    double KvCacheUsagePerc,
    long PreemptionsTotal,
    long StepsTotal,
    long TokensEmittedTotal,
    long PrefillTokensTotal,
    long FinishedTotal,
    long AbortedTotal,
    StepLatenessSnapshot StepLateness)
{
    public static EngineWorkerState From(string worker, EngineWorkerSnapshot s, StepLatenessSnapshot lateness) => new(
        worker, s.Running, s.Waiting, s.UsedBlocks, s.CapacityBlocks, s.KvUsage, s.PreemptionsTotal, s.StepsTotal,
        s.TokensEmittedTotal, s.PrefillTokensTotal, s.FinishedTotal, s.AbortedTotal, lateness);
}
