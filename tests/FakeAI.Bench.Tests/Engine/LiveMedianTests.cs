using FakeAI.Bench.Load;

namespace FakeAI.Bench.Tests.Engine;

public sealed class LiveMedianTests
{
    [Fact]
    public void Median_is_within_one_percent_without_keeping_the_values()
    {
        var median = new LiveMedian();
        Assert.Null(median.Median());

        foreach (var value in Enumerable.Range(1, 999).Select(i => (double)i).Reverse())
        {
            median.Add(value);
        }

        Assert.InRange(median.Median()!.Value, 500 * 0.99, 500 * 1.01);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(20.0)]
    [InlineData(100_000.0)]
    public void A_single_value_comes_back_within_one_percent(double value)
    {
        var median = new LiveMedian();
        median.Add(value);

        var result = median.Median()!.Value;
        Assert.True(value < 0.011 ? result < 0.011 : Math.Abs(result - value) <= value * 0.01, $"{result} for {value}");
    }
}
