namespace FakeAI.Server.Engine;

/// <summary>
/// What one <see cref="EngineWorker.Step"/> did. Every token in <see cref="Emissions"/> is due at <see cref="EndMs"/>.
/// The worker reuses this object and its lists: read them before the next step.
/// </summary>
internal sealed class EngineStepResult
{
    internal readonly List<TokenEmission> EmissionList = [];
    internal readonly List<FinishedRequest> FinishedList = [];
    internal readonly List<long> PreemptedList = [];

    /// <summary>1 for the worker's first non-empty step, then 2, 3, …; an empty step keeps the previous number.</summary>
    public long StepNumber { get; internal set; }

    public double StartMs { get; internal set; }

    public double DurationMs { get; internal set; }

    /// <summary>When the step's tokens are released and the next step may start.</summary>
    public double EndMs => StartMs + DurationMs;

    /// <summary>Sequences that decoded one token.</summary>
    public int DecodeSeqs { get; internal set; }

    /// <summary>Prompt (or recompute) tokens prefilled.</summary>
    public int PrefillTokens { get; internal set; }

    /// <summary>KV tokens the batch attends to (each scheduled sequence's context after the step).</summary>
    public long ContextTokens { get; internal set; }

    /// <summary>Tokens in the step's batch (vLLM's iteration tokens): decode plus prefill.</summary>
    public int ScheduledTokens => DecodeSeqs + PrefillTokens;

    /// <summary>Nothing was scheduled: the worker is idle (or every sequence waits for blocks) and no time passed.</summary>
    public bool IsEmpty => ScheduledTokens == 0;

    public IReadOnlyList<TokenEmission> Emissions => EmissionList;

    public IReadOnlyList<FinishedRequest> Finished => FinishedList;

    /// <summary>Requests preempted in this step (their blocks freed, back at the front of the queue).</summary>
    public IReadOnlyList<long> Preempted => PreemptedList;

    internal void Reset(double startMs)
    {
        StartMs = startMs;
        DurationMs = 0;
        DecodeSeqs = 0;
        PrefillTokens = 0;
        ContextTokens = 0;
        EmissionList.Clear();
        FinishedList.Clear();
        PreemptedList.Clear();
    }
}
