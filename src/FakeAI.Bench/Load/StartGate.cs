using System.Globalization;
using FakeAI.Protocol.Timing;

namespace FakeAI.Bench.Load;

/// <summary>Holds the profiling phase until the shared wall-clock start (<c>--start-at</c>), or refuses to start when that
/// instant is already further past than <see cref="Tolerance"/>.</summary>
internal sealed class StartGate(DateTimeOffset startAt, TimeProvider timeProvider)
{
    /// <summary>How late a shard may still start: about the scheduling jitter of a loaded machine, well below a run's length.</summary>
    public static TimeSpan Tolerance { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ShardStartMissedException"/> when the start instant has passed by more than the tolerance.</summary>
    public void ThrowIfMissed()
    {
        var late = timeProvider.GetUtcNow() - startAt;
        if (late > Tolerance)
        {
            throw new ShardStartMissedException(string.Create(
                CultureInfo.InvariantCulture,
                $"--start-at {startAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} passed {late.TotalSeconds:F1} s before this shard was ready (tolerance {Tolerance.TotalSeconds:F0} s): start the shards later"));
        }
    }

    /// <summary>A wait longer than this goes in steps of at most this long, each re-reading the wall clock, so a clock
    /// stepped by NTP during a long wait still opens the gate on time.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    /// <summary>The last stretch is slept with <c>nanosleep</c>, tens of µs late instead of a timer's milliseconds.</summary>
    private static readonly TimeSpan Final = TimeSpan.FromMilliseconds(15);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        ThrowIfMissed();
        var remaining = startAt - timeProvider.GetUtcNow();
        while (remaining > Final)
        {
            await Task.Delay(remaining - Final < Step ? remaining - Final : Step, timeProvider, cancellationToken).ConfigureAwait(false);
            remaining = startAt - timeProvider.GetUtcNow();
        }

        if (remaining > TimeSpan.Zero)
        {
            PreciseSleep.For(remaining);
        }
    }
}
