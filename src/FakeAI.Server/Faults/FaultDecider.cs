using FakeAI.Server.Generation;

namespace FakeAI.Server.Faults;

/// <summary>
/// Decides which fault, if any, the n-th eligible request gets: a pure function of <see cref="FaultOptions.Seed"/>, the rates and n, so a run
/// with the same seed and rates fails the same requests the same way whatever their timing.
/// </summary>
internal sealed class FaultDecider(FaultOptions options)
{
    // Cumulative rate bounds in FaultKind order: a draw u in [0,1) below bound i (and not below bound i-1) is fault i.
    private readonly double[] _bounds = Bounds(options);
    private long _arrivals;

    public FaultOptions Options { get; } = options;

    /// <summary>Whether random faults are on; when false no request is counted or drawn for.</summary>
    public bool Enabled { get; } = options.AnyRate;

    /// <summary>Counts one eligible request and returns its fault (null for most requests).</summary>
    public InjectedFault? Next() => Decide(Interlocked.Increment(ref _arrivals) - 1);

    /// <summary>The fault of request number <paramref name="n"/> (0-based).</summary>
    public InjectedFault? Decide(long n)
    {
        // Mixing n through SplitMix64 decorrelates neighbouring requests; the fault seed picks the sequence.
        var rng = new SplitMix64(unchecked((ulong)Options.Seed ^ ((ulong)n * 0xD1B54A32D192ED03UL)));
        var u = rng.NextDouble();
        for (var i = 0; i < _bounds.Length; i++)
        {
            if (u < _bounds[i])
            {
                return Create((FaultKind)i, rng.NextDouble());
            }
        }

        return null;
    }

    /// <summary>A fault of <paramref name="kind"/> with these options' parameters.</summary>
    public InjectedFault Create(FaultKind kind, double afterFraction) => new(
        kind,
        Options.AfterTokens,
        afterFraction,
        kind == FaultKind.Timeout ? Options.MaxHoldSeconds : Options.StallSeconds,
        Options.RetryAfterSeconds);

    private static double[] Bounds(FaultOptions options)
    {
        var bounds = new double[Enum.GetValues<FaultKind>().Length];
        var sum = 0.0;
        for (var i = 0; i < bounds.Length; i++)
        {
            sum += options.Rate((FaultKind)i);
            bounds[i] = sum;
        }

        return bounds;
    }
}
