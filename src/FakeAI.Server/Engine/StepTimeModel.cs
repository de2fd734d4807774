using System.Globalization;

namespace FakeAI.Server.Engine;

/// <summary>
/// How long one engine step (one forward pass over the batch) takes, from what the batch holds. A roofline:
/// <c>base + per_decode_seq·decode_seqs + max(compute, memory)</c> with
/// <c>compute = per_token·(prefill_tokens + decode_seqs)</c> (every scheduled token goes through the same matrix
/// multiplications) and <c>memory = weights + per_context_token·context_tokens</c> (each step reads the weights once and the
/// KV cache of every token the batch attends to).
/// </summary>
/// <remarks>
/// Small batches are memory-bound: adding a decode sequence is nearly free, so throughput grows with concurrency. Past the
/// ridge (<c>weights / per_token</c> scheduled tokens) a step is compute-bound and throughput stops growing: that, and the
/// <c>max-num-seqs</c> limit, are the knee. See docs/engine.md for the sources of this form.
/// </remarks>
/// <param name="BaseMs">Fixed cost of every non-empty step (scheduling, kernel launches), ms.</param>
/// <param name="PerDecodeSeqMs">Cost per decoding sequence outside the forward pass (sampling, detokenisation), ms.</param>
/// <param name="PerTokenMs">Compute cost per scheduled token, prefill or decode, ms.</param>
/// <param name="WeightsMs">Memory cost of reading the weights once, paid by every non-empty step, ms.</param>
/// <param name="PerContextTokenMs">Memory cost of reading one token's KV, ms.</param>
internal sealed record StepTimeModel(
    double BaseMs,
    double PerDecodeSeqMs,
    double PerTokenMs,
    double WeightsMs,
    double PerContextTokenMs)
{
    /// <summary>
    /// Tokens of KV that weigh as much as the weights, used when deriving a model from TTFT/ITL: Llama-3-8B in fp16 has
    /// 16.06 GB of weights and 131,072 bytes of KV per token (32 layers · 8 KV heads · 128 dims · K and V · 2 bytes),
    /// so 122,500 tokens of context cost one extra weight read.
    /// </summary>
    public const double DefaultWeightsInContextTokens = 122_500;

    /// <summary>The step's duration in ms; an empty step takes no time.</summary>
    public double DurationMs(int decodeSeqs, int prefillTokens, long contextTokens)
    {
        if (decodeSeqs == 0 && prefillTokens == 0)
        {
            return 0;
        }

        var compute = PerTokenMs * (decodeSeqs + (double)prefillTokens);
        var memory = WeightsMs + (PerContextTokenMs * contextTokens);
        return BaseMs + (PerDecodeSeqMs * decodeSeqs) + Math.Max(compute, memory);
    }

    /// <summary>TTFT of a lone request on an idle worker: its prompt prefilled in chunks of the token budget.</summary>
    public double LonePrefillMs(int promptTokens, int tokenBudget)
    {
        var total = 0.0;
        for (var done = 0; done < promptTokens;)
        {
            var chunk = Math.Min(tokenBudget, promptTokens - done);
            done += chunk;
            total += DurationMs(0, chunk, done);
        }

        return total;
    }

    /// <summary>ITL of a lone request right after its prefill: one decode step over the prompt plus its first token.</summary>
    public double LoneDecodeMs(int promptTokens) => DurationMs(1, 0, promptTokens + 1L);

    /// <summary>Every problem with the coefficients, named after <paramref name="setting"/>; empty when usable.</summary>
    public IReadOnlyList<string> Validate(string setting = "step-time")
    {
        var errors = new List<string>();
        Check(BaseMs, "base");
        Check(PerDecodeSeqMs, "per-decode-seq");
        Check(PerTokenMs, "per-token");
        Check(WeightsMs, "weights");
        Check(PerContextTokenMs, "per-context-token");
        if (errors.Count == 0 && DurationMs(1, 0, 1) <= 0)
        {
            // A step of zero duration would let the step loop spin forever without simulated time passing.
            errors.Add($"{setting}: a decode step of one sequence must take some time (all coefficients are 0)");
        }

        return errors;

        void Check(double value, string name)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{setting}: {name} must be a finite number of ms >= 0 (got {value})"));
            }
        }
    }

    /// <summary>
    /// Why <see cref="FromLatencies"/> cannot reproduce these latencies, or empty when it can.
    /// </summary>
    public static IReadOnlyList<string> CheckLatencies(
        double ttftMs, double itlMs, int referencePromptTokens, int tokenBudget,
        double weightsInContextTokens = DefaultWeightsInContextTokens)
    {
        var errors = new List<string>();
        if (!double.IsFinite(ttftMs) || ttftMs <= 0)
        {
            errors.Add(Invariant($"ttft: must be a positive number of ms for the batching engine (got {ttftMs})"));
        }

        if (!double.IsFinite(itlMs) || itlMs <= 0)
        {
            errors.Add(Invariant($"itl: must be a positive number of ms for the batching engine (got {itlMs})"));
        }

        if (referencePromptTokens < 1)
        {
            errors.Add(Invariant($"reference prompt: must be at least 1 token (got {referencePromptTokens})"));
        }

        if (tokenBudget < 1)
        {
            errors.Add(Invariant($"max-num-batched-tokens: must be at least 1 (got {tokenBudget})"));
        }

        if (!double.IsFinite(weightsInContextTokens) || weightsInContextTokens <= 0)
        {
            errors.Add(Invariant($"weights-in-context-tokens: must be a positive number (got {weightsInContextTokens})"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var memoryOnly = MemoryModel(itlMs, referencePromptTokens, weightsInContextTokens);
        var floor = memoryOnly.LonePrefillMs(referencePromptTokens, tokenBudget);
        if (ttftMs < floor)
        {
            errors.Add(Invariant(
                $"ttft: {ttftMs} ms is shorter than reading the weights for each prefill step of a {referencePromptTokens}-token prompt ({floor:0.###} ms at itl {itlMs} ms); raise ttft or lower itl"));
            return errors;
        }

        var perToken = SolvePerToken(memoryOnly, ttftMs, referencePromptTokens, tokenBudget);
        if (perToken > memoryOnly.LoneDecodeMs(referencePromptTokens))
        {
            errors.Add(Invariant(
                $"ttft: {ttftMs} ms for a {referencePromptTokens}-token prompt means {perToken:0.###} ms of compute per token, more than a whole decode step (itl {itlMs} ms); lower ttft or use a longer reference prompt"));
        }

        return errors;
    }

    /// <summary>
    /// The model under which a lone request with a <paramref name="referencePromptTokens"/>-token prompt sees exactly
    /// <paramref name="ttftMs"/> to its first token and <paramref name="itlMs"/> to its second, so that
    /// <c>--ttft/--itl</c> keep their meaning at low load. ITL fixes the memory term (weights plus KV reads), TTFT fixes
    /// the compute per token; base and per-decode-seq stay 0 because the two figures say nothing about them.
    /// </summary>
    /// <exception cref="ArgumentException">When <see cref="CheckLatencies"/> finds a problem.</exception>
    public static StepTimeModel FromLatencies(
        double ttftMs, double itlMs, int referencePromptTokens, int tokenBudget,
        double weightsInContextTokens = DefaultWeightsInContextTokens)
    {
        var errors = CheckLatencies(ttftMs, itlMs, referencePromptTokens, tokenBudget, weightsInContextTokens);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }

        var memoryOnly = MemoryModel(itlMs, referencePromptTokens, weightsInContextTokens);
        return memoryOnly with { PerTokenMs = SolvePerToken(memoryOnly, ttftMs, referencePromptTokens, tokenBudget) };
    }

    private static StepTimeModel MemoryModel(double itlMs, int promptTokens, double weightsInContextTokens)
    {
        // The first decode step reads the weights and the KV of prompt + 1 tokens: weights·(1 + (prompt+1)/ratio) = itl.
        var weights = itlMs / (1 + ((promptTokens + 1.0) / weightsInContextTokens));
        return new StepTimeModel(0, 0, 0, weights, weights / weightsInContextTokens);
    }

    /// <summary>
    /// The per-token compute that makes the chunked prefill take <paramref name="ttftMs"/>. Prefill time is continuous and
    /// non-decreasing in it (a sum of max terms), so bisection finds it whatever mix of compute- and memory-bound chunks.
    /// </summary>
    private static double SolvePerToken(StepTimeModel memoryOnly, double ttftMs, int promptTokens, int tokenBudget)
    {
        var low = 0.0;
        var high = ttftMs; // one token at this cost already takes the whole TTFT
        for (var i = 0; i < 200 && high - low > high * 1e-15; i++)
        {
            var mid = (low + high) / 2;
            if ((memoryOnly with { PerTokenMs = mid }).LonePrefillMs(promptTokens, tokenBudget) < ttftMs)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
