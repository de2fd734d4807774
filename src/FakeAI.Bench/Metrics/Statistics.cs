namespace FakeAI.Bench.Metrics;

/// <summary>Exact summary statistics as aiperf computes them with numpy: linear-interpolation percentiles (numpy's
/// default, Hyndman–Fan type 7) and the population standard deviation (ddof = 0).</summary>
public static class Statistics
{
    public static readonly IReadOnlyList<int> Percentiles = [1, 5, 10, 25, 50, 75, 90, 95, 99];

    /// <summary>Summarises the values (sorted in place).</summary>
    public static DistributionStats Summarize(Span<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("At least one value is required.", nameof(values));
        }

        values.Sort();
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }

        var percentiles = new double[Percentiles.Count];
        for (var i = 0; i < percentiles.Length; i++)
        {
            percentiles[i] = PercentileOfSorted(values, Percentiles[i]);
        }

        return new DistributionStats(mean, values[0], values[^1], percentiles, Math.Sqrt(squares / values.Length), values.Length);
    }

    /// <summary>numpy.percentile(sorted, p) with linear interpolation between the two nearest ranks.</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percentile)
    {
        var rank = percentile / 100.0 * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = rank - lower;
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction);
    }
}
