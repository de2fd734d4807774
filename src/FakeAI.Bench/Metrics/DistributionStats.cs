namespace FakeAI.Bench.Metrics;

/// <summary>avg, min, max, p1…p99 (in <see cref="Statistics.Percentiles"/> order), population std and count.</summary>
public sealed record DistributionStats(double Avg, double Min, double Max, IReadOnlyList<double> PercentileValues, double Std, int Count)
{
    public double Percentile(int p)
    {
        for (var i = 0; i < Statistics.Percentiles.Count; i++)
        {
            if (Statistics.Percentiles[i] == p)
            {
                return PercentileValues[i];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(p), p, "Not a reported percentile.");
    }

    public DistributionStats Scale(double factor) =>
        new(Avg * factor, Min * factor, Max * factor, [.. PercentileValues.Select(v => v * factor)], Std * factor, Count);
}
