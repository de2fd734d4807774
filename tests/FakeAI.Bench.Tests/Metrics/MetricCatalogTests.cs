using FakeAI.Bench.Metrics;

namespace FakeAI.Bench.Tests.Metrics;

public sealed class MetricCatalogTests
{
    [Fact]
    public void Time_spent_is_better_lower_rates_higher_failures_fewer_and_sizes_only_describe_the_run()
    {
        Assert.All(MetricCatalog.All.Where(m => m.Unit == "ms"), m => Assert.Equal(MetricDirection.LowerIsBetter, m.Direction));
        Assert.Equal(MetricDirection.HigherIsBetter, MetricCatalog.RequestThroughput.Direction);
        Assert.Equal(MetricDirection.HigherIsBetter, MetricCatalog.OutputTokenThroughputPerUser.Direction);
        Assert.Equal(MetricDirection.HigherIsBetter, MetricCatalog.Goodput.Direction);
        Assert.Equal(MetricDirection.LowerIsBetter, MetricCatalog.ErrorRequestCount.Direction);
        foreach (var neutral in new[] { MetricCatalog.RequestCount, MetricCatalog.InputSequenceLength, MetricCatalog.OutputSequenceLength, MetricCatalog.BenchmarkDuration, MetricCatalog.ErrorIsl, MetricCatalog.MinRequestTimestamp })
        {
            Assert.Equal(MetricDirection.Neutral, neutral.Direction);
        }
    }
}
