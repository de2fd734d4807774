using System.Diagnostics;

namespace FakeAI.Bench.Records;

/// <summary>
/// Maps monotonic <c>Stopwatch</c> timestamps (used for every latency) to wall-clock nanoseconds (used for the benchmark
/// window and exported <c>*_ns</c> fields) through one anchor taken at the start of a run.
/// </summary>
public sealed class RunClock
{
    private readonly long _anchorTimestamp;
    private readonly long _anchorUnixNs;

    public RunClock(long anchorTimestamp, DateTimeOffset anchorWallClock)
    {
        _anchorTimestamp = anchorTimestamp;
        _anchorUnixNs = (anchorWallClock.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }

    public static RunClock StartNow(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new RunClock(Stopwatch.GetTimestamp(), timeProvider.GetUtcNow());
    }

    public static double ToNanoseconds(long stopwatchTicks) => stopwatchTicks * (1e9 / Stopwatch.Frequency);

    public long ToUnixNanoseconds(long timestamp) => _anchorUnixNs + (long)ToNanoseconds(timestamp - _anchorTimestamp);

    public DateTimeOffset ToWallClock(long timestamp) =>
        DateTimeOffset.UnixEpoch.AddTicks(ToUnixNanoseconds(timestamp) / 100);
}
