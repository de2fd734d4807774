namespace FakeAI.LlamaPeer.Engine;

/// <summary>The engine's running totals and gauges, read by /metrics while the engine's thread updates them.</summary>
internal sealed class EngineCounters
{
    private long _promptTokens;
    private long _generatedTokens;
    private long _decodeCalls;
    private long _busySlotSum;
    private long _decodeTicks;
    private int _processing;
    private int _deferred;

    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);

    public long DecodeCalls => Interlocked.Read(ref _decodeCalls);

    /// <summary>The sum over decode calls of the sequences in each call, as llama.cpp's n_busy_slots_per_decode numerator.</summary>
    public long BusySlotSum => Interlocked.Read(ref _busySlotSum);

    /// <summary>Stopwatch ticks spent inside decode calls.</summary>
    public long DecodeTicks => Interlocked.Read(ref _decodeTicks);

    public int Processing => Volatile.Read(ref _processing);

    public int Deferred => Volatile.Read(ref _deferred);

    public void Queued() => Interlocked.Increment(ref _deferred);

    public void Dequeued() => Interlocked.Decrement(ref _deferred);

    public void SetProcessing(int slots) => Volatile.Write(ref _processing, slots);

    public void Decoded(int sequences, int promptTokens, int generatedTokens, long ticks)
    {
        Interlocked.Increment(ref _decodeCalls);
        Interlocked.Add(ref _busySlotSum, sequences);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _generatedTokens, generatedTokens);
        Interlocked.Add(ref _decodeTicks, ticks);
    }
}
