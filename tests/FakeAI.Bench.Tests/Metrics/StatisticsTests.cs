using FakeAI.Bench.Metrics;

namespace FakeAI.Bench.Tests.Metrics;

public sealed class StatisticsTests
{
    [Fact]
    public void Matches_numpy_linear_percentiles_and_population_std()
    {
        // numpy: np.percentile([4,1,3,2], [1,5,10,25,50,75,90,95,99]) and np.std (ddof=0).
        var stats = Statistics.Summarize(new double[] { 4, 1, 3, 2 });
        Assert.Equal(2.5, stats.Avg, 12);
        Assert.Equal(1, stats.Min);
        Assert.Equal(4, stats.Max);
        Assert.Equal([1.03, 1.15, 1.3, 1.75, 2.5, 3.25, 3.7, 3.85, 3.97], stats.PercentileValues.Select(v => Math.Round(v, 10)));
        Assert.Equal(Math.Sqrt(1.25), stats.Std, 12);
        Assert.Equal(4, stats.Count);
    }

    [Fact]
    public void Single_value_has_every_percentile_equal_and_zero_std()
    {
        var stats = Statistics.Summarize(new double[] { 7 });
        Assert.All(stats.PercentileValues, v => Assert.Equal(7, v));
        Assert.Equal(0, stats.Std);
    }

    [Fact]
    public void Interpolates_between_uneven_values()
    {
        // rank = 0.9 * 4 = 3.6 → 40 + 0.6 * (100 − 40) = 76.
        var sorted = new double[] { 10, 20, 30, 40, 100 };
        Assert.Equal(76, Statistics.PercentileOfSorted(sorted, 90), 10);
    }
}
