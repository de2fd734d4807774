namespace FakeAI.Bench.Load;

/// <summary>
/// A running median for progress displays: values are counted into logarithmic buckets 2 % wide (0.01 ms to about
/// 100 s), so adding is one interlocked increment and the median is a scan of a fixed array, however many requests
/// completed. The result is the bucket's midpoint, within 1 % of the exact median.
/// </summary>
internal sealed class LiveMedian
{
    private const double Smallest = 0.01;
    private static readonly double LogGrowth = Math.Log(1.02);
    private readonly long[] _counts = new long[820];
    private long _total;

    public void Add(double milliseconds)
    {
        var bucket = milliseconds <= Smallest ? 0 : (int)(Math.Log(milliseconds / Smallest) / LogGrowth);
        Interlocked.Increment(ref _counts[Math.Min(bucket, _counts.Length - 1)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The median so far, or null before the first value.</summary>
    public double? Median()
    {
        var total = Volatile.Read(ref _total);
        if (total == 0)
        {
            return null;
        }

        var half = (total + 1) / 2;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= half)
            {
                return Smallest * Math.Exp((i + 0.5) * LogGrowth);
            }
        }

        return Smallest * Math.Exp((_counts.Length - 0.5) * LogGrowth);
    }
}
