namespace FakeAI.Server.Latency;

/// <summary>
/// The absolute due times of one response's tokens: token k is due at <c>start + TTFT + Σ ITL₁..ITLₖ</c>, with the TTFT
/// drawn once and each ITL drawn per interval. Computing from the start (not from when the previous token actually went
/// out) means lateness never accumulates.
/// </summary>
internal struct LatencyPlan
{
    private readonly long _start;
    private readonly double _ticksPerMs;
    private readonly LatencySpec _itl;
    private Generation.SplitMix64 _rng;
    private double _offsetMs;
    private bool _started;

    public LatencyPlan(long start, double ticksPerMs, LatencySpec ttft, double prefillMs, LatencySpec itl, ulong jitterSeed)
    {
        _start = start;
        _ticksPerMs = ticksPerMs;
        _itl = itl;
        _rng = new Generation.SplitMix64(jitterSeed);
        _offsetMs = ttft.Sample(_rng.NextDouble()) + prefillMs;
        _started = false;
    }

    /// <summary>The due timestamp of the next token.</summary>
    public long NextDue()
    {
        if (_started)
        {
            _offsetMs += _itl.Sample(_rng.NextDouble());
        }

        _started = true;
        return _start + (long)(_offsetMs * _ticksPerMs);
    }

    /// <summary>The due timestamp of the last of <paramref name="tokens"/> tokens (the TTFT when there are none).</summary>
    public long DueOfLast(int tokens)
    {
        var due = NextDue();
        for (var i = 1; i < tokens; i++)
        {
            due = NextDue();
        }

        return due;
    }
}
