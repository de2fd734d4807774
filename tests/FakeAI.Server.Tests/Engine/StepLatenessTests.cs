using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

/// <summary>The step-lateness histogram's percentiles: exact at small values, at most one bucket (6.25 %) high above.</summary>
public sealed class StepLatenessTests
{
    [Fact]
    public void Empty_reports_zero()
    {
        Assert.Equal(new StepLatenessSnapshot(0, 0, 0, 0), new StepLateness().Snapshot());
    }

    [Fact]
    public void Small_lateness_is_exact_to_the_microsecond_and_early_counts_as_on_time()
    {
        var lateness = new StepLateness();
        lateness.Record(-0.5); // a release before the planned end (cannot happen, but must not count as late)
        lateness.Record(0.003);
        lateness.Record(0.0201);

        Assert.Equal(new StepLatenessSnapshot(3, 0.003, 0.021, 0.021), lateness.Snapshot());
    }

    [Fact]
    public void Percentiles_of_a_uniform_spread_fall_within_one_bucket_and_the_max_is_exact()
    {
        var lateness = new StepLateness();
        for (var us = 1; us <= 10_000; us++)
        {
            lateness.Record(us / 1000.0);
        }

        var snapshot = lateness.Snapshot();
        Assert.Equal(10_000, snapshot.Count);
        Assert.InRange(snapshot.P50Ms, 5.0, 5.0 * 1.0625);
        Assert.InRange(snapshot.P99Ms, 9.9, 10.0);
        Assert.Equal(10.0, snapshot.MaxMs);
    }

    [Fact]
    public void A_few_late_steps_show_in_p99_and_max_but_not_the_median()
    {
        var lateness = new StepLateness();
        for (var i = 0; i < 980; i++)
        {
            lateness.Record(0.05);
        }

        for (var i = 0; i < 20; i++)
        {
            lateness.Record(40); // 2 % of the steps are 40 ms late
        }

        lateness.Record(3_600_000); // an hour: beyond the buckets' range it still counts, and the max is exact

        var snapshot = lateness.Snapshot();
        Assert.InRange(snapshot.P50Ms, 0.05, 0.05 * 1.0625);
        Assert.InRange(snapshot.P99Ms, 40, 40 * 1.0625);
        Assert.Equal(3_600_000, snapshot.MaxMs);
    }
}
