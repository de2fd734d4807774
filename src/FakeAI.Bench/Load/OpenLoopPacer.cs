namespace FakeAI.Bench.Load;

/// <summary>
/// The deadlines of an open-loop phase. Credit i is due at <c>zero + offset(i)</c>, with <c>zero</c> fixed when the pacer
/// starts and never moved: a credit whose deadline has passed (after a stall, or a wait for a concurrency slot) is
/// released at once and keeps its true intended start, so its schedule lag shows the stall while every later arrival
/// stays where the schedule put it and the achieved rate equals the requested one. Time is a <see cref="TimeProvider"/>'s
/// timestamps and waiting an injected sleep, so tests drive it with a fake clock.
/// </summary>
internal sealed class OpenLoopPacer
{
    private readonly ArrivalSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan> _sleep;

    /// <summary>Starts the schedule now. <paramref name="sleep"/> blocks the calling thread for about the given time (waking
    /// early is fine: it is called again).</summary>
    public OpenLoopPacer(ArrivalSchedule schedule, TimeProvider time, Action<TimeSpan> sleep)
    {
        _schedule = schedule;
        _time = time;
        _sleep = sleep;
        // The sleep's first call may bind native code: pay that before the schedule's zero, not inside its first gap.
        sleep(TimeSpan.Zero);
        Zero = time.GetTimestamp();
    }

    /// <summary>The schedule's origin, in the time provider's timestamps.</summary>
    public long Zero { get; }

    /// <summary>The deadline of the credit with the given index (indexes in increasing order).</summary>
    public long DeadlineOf(int index) => Zero + (long)Math.Round(_schedule.OffsetSeconds(index) * _time.TimestampFrequency);

    /// <summary>Waits until the deadline of the credit with the given index (not at all if it has passed) and returns that
    /// deadline; false when <paramref name="token"/> was cancelled first. Indexes increase from call to call; a shard skips
    /// the other shards' indexes.</summary>
    public bool WaitFor(int index, CancellationToken token, out long deadline)
    {
        deadline = DeadlineOf(index);
        while (!token.IsCancellationRequested)
        {
            var remaining = deadline - _time.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            _sleep(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency));
        }

        return false;
    }
}
