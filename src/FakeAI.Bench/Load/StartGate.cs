using System.Globalization;

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

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        ThrowIfMissed();
        var remaining = startAt - timeProvider.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
