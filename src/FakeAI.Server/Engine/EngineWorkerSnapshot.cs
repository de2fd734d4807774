namespace FakeAI.Server.Engine;

/// <summary>A worker's queue, batch and KV state at one instant, for <c>/metrics</c> and a JSON view.</summary>
/// <param name="Running">Sequences prefilling or decoding (vLLM's <c>num_requests_running</c>).</param>
/// <param name="Waiting">Requests queued, preempted ones included (<c>num_requests_waiting</c>).</param>
/// <param name="UsedBlocks">KV blocks held by sequences.</param>
/// <param name="CapacityBlocks">KV blocks the worker has.</param>
/// <param name="PreemptionsTotal">Preemptions since start (<c>num_preemptions_total</c>).</param>
/// <param name="StepsTotal">Non-empty steps since start.</param>
/// <param name="TokensEmittedTotal">Output tokens emitted since start.</param>
/// <param name="PrefillTokensTotal">Prompt and recompute tokens prefilled since start (cached blocks excluded).</param>
/// <param name="FinishedTotal">Requests finished since start.</param>
/// <param name="AbortedTotal">Requests aborted (client gone) before their last token.</param>
internal sealed record EngineWorkerSnapshot(
    int Running,
    int Waiting,
    int UsedBlocks,
    int CapacityBlocks,
    long PreemptionsTotal,
    long StepsTotal,
    long TokensEmittedTotal,
    long PrefillTokensTotal,
    long FinishedTotal,
    long AbortedTotal)
{
    /// <summary>Fraction of the KV blocks in use, 0–1 (vLLM's <c>kv_cache_usage_perc</c>).</summary>
    public double KvUsage => (double)UsedBlocks / CapacityBlocks;
}
