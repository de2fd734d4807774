namespace FakeAI.Server.Engine;

/// <summary>The scheduler's mutable state of one request inside an <see cref="EngineWorker"/>.</summary>
internal sealed class EngineSequence(EngineRequest request, double arrivalMs)
{
    public EngineRequest Request { get; } = request;

    public double ArrivalMs { get; } = arrivalMs;

    /// <summary>When the request was first scheduled; NaN while it has only waited.</summary>
    public double FirstScheduledMs { get; set; } = double.NaN;

    /// <summary>End of the step that emitted the first token; NaN before.</summary>
    public double FirstTokenMs { get; set; } = double.NaN;

    /// <summary>Tokens whose KV is computed (cached prefix included).</summary>
    public int Computed { get; set; }

    /// <summary>Tokens emitted so far.</summary>
    public int Generated { get; set; }

    /// <summary>KV blocks this sequence holds.</summary>
    public int Blocks { get; set; }

    /// <summary>Whether the prefill since the last (re)admission completed, so each step now decodes one token.</summary>
    public bool PrefillDone { get; set; }

    public int Preemptions { get; set; }

    /// <summary>Number of the step that last scheduled this sequence (so a pass does not schedule it twice).</summary>
    public long ScheduledStep { get; set; }

    /// <summary>Tokens scheduled for it in that step.</summary>
    public int StepTokens { get; set; }

    /// <summary>Prompt plus generated tokens: what a recompute after preemption must prefill again.</summary>
    public int TotalTokens => Request.PromptTokens + Generated;
}
