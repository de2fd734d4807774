using FakeAI.Bench;
using FakeAI.Bench.Records;

namespace FakeAI.Cli.Progress;

/// <summary>
/// When a log (no terminal) gets a progress line: at the start of a phase, at every further 10 % of it (requests, or
/// time for a duration run), and otherwise at least every 10 s — not every tick. Time is the engine's elapsed time,
/// so the decision is the same however late a report arrives.
/// </summary>
internal sealed class PlainProgressThrottle
{
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(10);
    private BenchmarkPhase? _phase;
    private int _lastStep = -1;
    private TimeSpan _lastPrinted;

    public bool ShouldPrint(ProfileProgress progress)
    {
        var step = Step(progress);
        if (_phase != progress.Phase || step > _lastStep || progress.Elapsed - _lastPrinted >= MaxSilence)
        {
            _phase = progress.Phase;
            _lastStep = step;
            _lastPrinted = progress.Elapsed;
            return true;
        }

        return false;
    }

    /// <summary>Tenths of the phase done (0-10).</summary>
    private static int Step(ProfileProgress p) =>
        p.Total is > 0 ? (int)(10L * p.Completed / p.Total.Value)
        : p.Duration is { TotalSeconds: > 0 } d ? (int)Math.Min(10, 10 * (p.Elapsed / d))
        : 0;
}
