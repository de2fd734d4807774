using System.Globalization;

namespace FakeAI.Server.Engine;

/// <summary>
/// One simulated inference worker: a continuous-batching scheduler in the manner of vLLM's V1 scheduler, with KV blocks
/// allocated per sequence and a <see cref="StepTimeModel"/> for the duration of each step. Pure: time only moves through
/// the <c>nowMs</c> values the caller passes, so a driver (or a test) runs it step by step.
/// </summary>
/// <remarks>
/// Not thread-safe: one driver owns a worker. A step is computed in full when it starts (the batch is fixed at its start,
/// as on a GPU); its tokens are due at <see cref="EngineStepResult.EndMs"/>, and requests enqueued meanwhile join the next
/// step.
/// </remarks>
internal sealed class EngineWorker
{
    private readonly EngineOptions _options;
    private readonly StepTimeModel _time;
    private readonly List<EngineSequence> _running = [];
    private readonly SequenceDeque _waiting = new();
    private readonly List<EngineSequence> _scheduled = [];
    private readonly EngineStepResult _result = new();
    private long _step;
    private int _budget;
    private bool _preemptedThisStep;

    public EngineWorker(EngineOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _time = options.StepTime;
        FreeBlocks = options.CapacityBlocks;
    }

    /// <summary>Sequences admitted and not finished: prefilling or decoding (vLLM's <c>num_requests_running</c>).</summary>
    public int Running => _running.Count;

    /// <summary>Requests queued, preempted ones included (vLLM's <c>num_requests_waiting</c>).</summary>
    public int Waiting => _waiting.Count;

    public bool HasWork => _running.Count > 0 || _waiting.Count > 0;

    public int CapacityBlocks => _options.CapacityBlocks;

    public int FreeBlocks { get; private set; }

    public int UsedBlocks => _options.CapacityBlocks - FreeBlocks;

    /// <summary>Fraction of the KV blocks in use, 0–1 (vLLM's <c>kv_cache_usage_perc</c>).</summary>
    public double KvUsage => (double)UsedBlocks / _options.CapacityBlocks;

    /// <summary>End of the last non-empty step: the next step may not start earlier.</summary>
    public double BusyUntilMs { get; private set; } = double.NegativeInfinity;

    public long PreemptionsTotal { get; private set; }

    public long StepsTotal => _step;

    public long TokensEmittedTotal { get; private set; }

    public long PrefillTokensTotal { get; private set; }

    public long FinishedTotal { get; private set; }

    /// <summary>Requests taken out by <see cref="Abort"/> before their last token.</summary>
    public long AbortedTotal { get; private set; }

    /// <summary>The counters at this instant (the worker is single-threaded: take it from the driver's thread).</summary>
    public EngineWorkerSnapshot Snapshot() => new(
        Running, Waiting, UsedBlocks, CapacityBlocks, PreemptionsTotal, StepsTotal, TokensEmittedTotal, PrefillTokensTotal, FinishedTotal, AbortedTotal);

    /// <summary>Queues a request (FIFO) for the next step.</summary>
    /// <exception cref="ArgumentException">When the request is malformed or could never fit in this worker's KV capacity.</exception>
    public void Enqueue(EngineRequest request, double nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PromptTokens < 1 || request.MaxOutputTokens < 1
            || request.CachedPrefixTokens < 0 || request.CachedPrefixTokens > request.PromptTokens)
        {
            throw new ArgumentException(Invariant(
                $"request {request.Id}: needs prompt >= 1, max output >= 1 and 0 <= cached prefix <= prompt (got {request.PromptTokens}, {request.MaxOutputTokens}, {request.CachedPrefixTokens})"),
                nameof(request));
        }

        // The last token is sampled but never fed back, so its KV is never stored.
        var blocks = _options.BlocksFor(request.PromptTokens + (long)request.MaxOutputTokens - 1);
        if (blocks > _options.CapacityBlocks)
        {
            throw new ArgumentException(Invariant(
                $"request {request.Id}: {request.PromptTokens} prompt + {request.MaxOutputTokens} output tokens need {blocks} KV blocks, more than the worker's {_options.CapacityBlocks}"),
                nameof(request));
        }

        _waiting.AddLast(new EngineSequence(request, nowMs));
    }

    /// <summary>
    /// Takes a request out of the engine (its client went away): out of the queue, or out of the batch with its KV blocks
    /// freed. Tokens of the step already computed for it are simply not wanted; the next step no longer includes it.
    /// </summary>
    /// <returns>False when the request is not in this worker (finished, or never enqueued here).</returns>
    public bool Abort(long requestId)
    {
        if (_waiting.Remove(requestId, out _))
        {
            AbortedTotal++;
            return true;
        }

        var index = _running.FindIndex(s => s.Request.Id == requestId);
        if (index < 0)
        {
            return false;
        }

        FreeBlocks += _running[index].Blocks;
        _running[index].Blocks = 0;
        _running.RemoveAt(index); // keeps the admission order that preemption relies on
        AbortedTotal++;
        return true;
    }

    /// <summary>
    /// Forms and runs the next batch starting at <paramref name="nowMs"/>: one decode token per running sequence first
    /// (oldest first), then prefill chunks of partly prefilled sequences, then new requests from the queue while the
    /// token budget and <c>max-num-seqs</c> allow. Sequences that cannot get a KV block preempt the newest sequence.
    /// </summary>
    /// <returns>The step (reused by the next call). When <see cref="EngineStepResult.IsEmpty"/>, no time passed.</returns>
    /// <exception cref="InvalidOperationException">When <paramref name="nowMs"/> is before the previous step's end.</exception>
    public EngineStepResult Step(double nowMs)
    {
        if (nowMs < BusyUntilMs)
        {
            throw new InvalidOperationException(Invariant(
                $"a step cannot start at {nowMs} ms: the previous one runs until {BusyUntilMs} ms"));
        }

        _result.Reset(nowMs);
        _scheduled.Clear();
        _budget = _options.MaxNumBatchedTokens;
        _preemptedThisStep = false;
        var step = _step + 1;

        ScheduleRunning(step, decodes: true);
        ScheduleRunning(step, decodes: false);

        // As vLLM: a step that had to preempt admits nobody new, or the newcomer would be the next victim.
        if (!_preemptedThisStep)
        {
            AdmitWaiting(step, nowMs);
        }

        if (_scheduled.Count == 0)
        {
            _result.StepNumber = _step;
            return _result;
        }

        _step = step;
        _result.StepNumber = step;
        _result.DurationMs = _time.DurationMs(_result.DecodeSeqs, _result.PrefillTokens, _result.ContextTokens);
        BusyUntilMs = _result.EndMs;
        Complete(_result.EndMs);
        return _result;
    }

    private void ScheduleRunning(long step, bool decodes)
    {
        for (var i = 0; i < _running.Count && _budget > 0; i++)
        {
            var sequence = _running[i];
            if (sequence.PrefillDone != decodes || sequence.ScheduledStep == step)
            {
                continue;
            }

            var tokens = Math.Min(sequence.TotalTokens - sequence.Computed, _budget);
            if (Reserve(sequence, i, step, sequence.Computed + tokens))
            {
                Schedule(sequence, step, tokens);
            }
            else
            {
                i--; // it preempted itself: removed at i
            }
        }
    }

    private void AdmitWaiting(long step, double nowMs)
    {
        while (_budget > 0 && _running.Count < _options.MaxNumSeqs && _waiting.Count > 0)
        {
            var sequence = _waiting.PeekFirst();

            // As vLLM: the hit stops short of the last token (it must be recomputed to sample from), and only full
            // blocks are reused, so a fully cached prompt still prefills its last block.
            var hit = Math.Min(sequence.Request.CachedPrefixTokens, sequence.TotalTokens - 1);
            var start = hit / _options.BlockSize * _options.BlockSize;
            var tokens = Math.Min(sequence.TotalTokens - start, _budget);
            var blocks = _options.BlocksFor(start + (long)tokens);
            if (blocks > FreeBlocks)
            {
                break; // FIFO: nobody overtakes the head of the queue
            }

            _waiting.RemoveFirst();
            FreeBlocks -= blocks;
            sequence.Blocks = blocks;
            sequence.Computed = start;
            sequence.PrefillDone = false;
            if (double.IsNaN(sequence.FirstScheduledMs))
            {
                sequence.FirstScheduledMs = nowMs;
            }

            _running.Add(sequence);
            Schedule(sequence, step, tokens);
        }
    }

    /// <summary>
    /// Grows <paramref name="sequence"/> (at <paramref name="index"/> in the running list) to hold
    /// <paramref name="tokens"/> tokens of KV, preempting the newest sequences not yet in this step until the blocks are
    /// free — vLLM preempts the lowest priority, the last admitted. False when it had to preempt itself.
    /// </summary>
    private bool Reserve(EngineSequence sequence, int index, long step, long tokens)
    {
        var needed = _options.BlocksFor(tokens) - sequence.Blocks;
        while (needed > FreeBlocks)
        {
            // The sequence itself is unscheduled, so the search always ends at the latest on it.
            var victim = _running.Count - 1;
            while (_running[victim].ScheduledStep == step)
            {
                victim--;
            }

            Preempt(victim);
            if (victim == index)
            {
                return false;
            }
        }

        FreeBlocks -= needed;
        sequence.Blocks += needed;
        return true;
    }

    private void Preempt(int index)
    {
        var sequence = _running[index];
        _running.RemoveAt(index);
        FreeBlocks += sequence.Blocks;
        sequence.Blocks = 0;
        sequence.Computed = 0;
        sequence.PrefillDone = false;
        sequence.Preemptions++;
        _waiting.AddFirst(sequence);
        PreemptionsTotal++;
        _preemptedThisStep = true;
        _result.PreemptedList.Add(sequence.Request.Id);
    }

    private void Schedule(EngineSequence sequence, long step, int tokens)
    {
        sequence.ScheduledStep = step;
        sequence.StepTokens = tokens;
        _scheduled.Add(sequence);
        _budget -= tokens;
        if (sequence.PrefillDone)
        {
            _result.DecodeSeqs++;
        }
        else
        {
            _result.PrefillTokens += tokens;
        }

        _result.ContextTokens += sequence.Computed + tokens;
    }

    /// <summary>Applies the step's outcome: KV computed, one token sampled by every sequence that caught up, finishers freed.</summary>
    private void Complete(double endMs)
    {
        var anyFinished = false;
        PrefillTokensTotal += _result.PrefillTokens;
        foreach (var sequence in _scheduled)
        {
            sequence.Computed += sequence.StepTokens;
            if (sequence.Computed < sequence.TotalTokens)
            {
                continue; // a prefill chunk with more to come
            }

            sequence.PrefillDone = true;
            if (double.IsNaN(sequence.FirstTokenMs))
            {
                sequence.FirstTokenMs = endMs;
            }

            var index = sequence.Generated++;
            var last = sequence.Generated == sequence.Request.MaxOutputTokens;
            _result.EmissionList.Add(new TokenEmission(sequence.Request.Id, index, last));
            TokensEmittedTotal++;
            if (last)
            {
                anyFinished = true;
                FreeBlocks += sequence.Blocks;
                _result.FinishedList.Add(new FinishedRequest(
                    sequence.Request.Id, sequence.Generated, sequence.Blocks,
                    sequence.FirstScheduledMs - sequence.ArrivalMs,
                    sequence.FirstTokenMs - sequence.FirstScheduledMs,
                    endMs - sequence.FirstTokenMs,
                    sequence.Preemptions));
                sequence.Blocks = 0;
                FinishedTotal++;
            }
        }

        if (anyFinished)
        {
            // One pass keeps the admission order, which preemption relies on.
            _running.RemoveAll(s => s.Generated == s.Request.MaxOutputTokens);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
