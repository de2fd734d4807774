namespace FakeAI.Server.Engine;

/// <summary>
/// How late a worker's steps start against their planned times on the absolute-time scheduler: the moment the driver
/// runs after the previous step's end (the same release as that step's tokens) minus that end. Counts in fixed
/// log-linear buckets of microseconds (exact below 32 µs, then 16 per power of two: at most 6.25 % wide), so recording
/// is a few instructions and allocates nothing. Not thread-safe: the driver records and reads under its lock.
/// </summary>
internal sealed class StepLateness
{
    private const int Exact = 32;
    private const int FirstExponent = 5; // log2(Exact)
    private const int SubBuckets = 16;
    private const int SubBits = 4;
    private const int MaxExponent = 40; // 2^41 µs is weeks; anything later counts in the last bucket

    private readonly long[] _counts = new long[Exact + ((MaxExponent - FirstExponent + 1) * SubBuckets)];
    private long _count;
    private long _maxMicroseconds;

    /// <summary>Records one step that started <paramref name="lateMs"/> after its planned time (negative counts as 0).</summary>
    public void Record(double lateMs)
    {
        var us = lateMs <= 0 ? 0 : (long)Math.Ceiling(lateMs * 1000);
        _counts[IndexOf(us)]++;
        _count++;
        _maxMicroseconds = Math.Max(_maxMicroseconds, us);
    }

    /// <summary>Count, p50, p99 and max so far; a percentile is its bucket's upper bound (never above the max).</summary>
    public StepLatenessSnapshot Snapshot() =>
        new(_count, PercentileMs(0.50), PercentileMs(0.99), _maxMicroseconds / 1000.0);

    private double PercentileMs(double quantile)
    {
        if (_count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * _count);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), _maxMicroseconds) / 1000.0;
            }
        }

        return _maxMicroseconds / 1000.0;
    }

    private static int IndexOf(long us)
    {
        if (us < Exact)
        {
            return (int)us;
        }

        var exponent = Math.Min(63 - (int)long.LeadingZeroCount(us), MaxExponent);
        var sub = (int)(Math.Min(us >> (exponent - SubBits), (2 * SubBuckets) - 1) - SubBuckets);
        return Exact + ((exponent - FirstExponent) * SubBuckets) + sub;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < Exact)
        {
            return index;
        }

        var exponent = ((index - Exact) / SubBuckets) + FirstExponent;
        var sub = (index - Exact) % SubBuckets;
        return ((SubBuckets + sub + 1L) << (exponent - SubBits)) - 1;
    }
}
