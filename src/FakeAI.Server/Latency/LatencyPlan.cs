namespace FakeAI.Server.Latency;

/// <summary>
/// The absolute due times of one response's tokens: token k is due at <c>start + TTFT + Σ ITL₁..ITLₖ</c>, with the TTFT
/// drawn once and each ITL drawn per interval. Computing from the start (not from when the previous token actually went
/// out) means lateness never accumulates. With the batching engine the due times come instead from the steps of the
/// request's simulated worker (<see cref="Engine"/>), known only once each step is computed, hence the async forms.
/// </summary>
internal struct LatencyPlan
{
    private readonly Server.Engine.EngineStream? _engine;
    private readonly long _start;
    private readonly double _ticksPerMs;
    private readonly LatencySpec _itl;
    private Generation.SplitMix64 _rng;
    private double _offsetMs;
    private bool _started;

    // ttftScale shrinks the sampled TTFT when part of the prompt was cached; prefillMs covers the uncached tokens.
    public LatencyPlan(
        long start, double ticksPerMs, LatencySpec ttft, double prefillMs, LatencySpec itl, ulong jitterSeed, double ttftScale = 1.0)
    {
        _start = start;
        _ticksPerMs = ticksPerMs;
        _itl = itl;
        _rng = new Generation.SplitMix64(jitterSeed);
        _offsetMs = (ttft.Sample(_rng.NextDouble()) * ttftScale) + prefillMs;
        _started = false;
        _engine = null;
    }

    /// <summary>A plan whose due times come from <paramref name="engine"/>'s steps.</summary>
    public LatencyPlan(Server.Engine.EngineStream engine)
    {
        this = default;
        _engine = engine;
    }

    /// <summary>The request's sequence in the batching engine, or null on the delay line; disposed when the request ends.</summary>
    public readonly Server.Engine.EngineStream? Engine => _engine;

    /// <summary>The due timestamp of the next token (delay line: at once; engine: once its step is computed).</summary>
    public ValueTask<long> NextDueAsync(CancellationToken cancellationToken) =>
        _engine is null ? new ValueTask<long>(NextDue()) : _engine.NextDueAsync(cancellationToken);

    /// <summary>The due timestamp of the last of <paramref name="tokens"/> tokens (see <see cref="DueOfLast"/>).</summary>
    public ValueTask<long> DueOfLastAsync(int tokens, CancellationToken cancellationToken) =>
        _engine is null ? new ValueTask<long>(DueOfLast(tokens)) : _engine.LastDueAsync(cancellationToken);

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
