using FakeAI.Server.Latency;

namespace FakeAI.Server.Tests.Latency;

public sealed class LatencyPlanTests
{
    [Fact]
    public void Exact_spec_gives_start_plus_ttft_plus_k_itl()
    {
        var plan = new LatencyPlan(1_000, ticksPerMs: 1_000, LatencySpec.Exact(100), prefillMs: 0, LatencySpec.Exact(10), jitterSeed: 1);

        var dues = Enumerable.Range(0, 100).Select(_ => plan.NextDue()).ToArray();

        Assert.Equal(1_000 + 100_000, dues[0]);
        Assert.Equal(1_000 + 100_000 + (99 * 10_000), dues[99]);
        Assert.All(dues.Zip(dues.Skip(1)), p => Assert.Equal(10_000, p.Second - p.First));
    }

    [Fact]
    public void Prefill_adds_to_ttft_only()
    {
        var plan = new LatencyPlan(0, ticksPerMs: 1_000, LatencySpec.Exact(20), prefillMs: 30, LatencySpec.Exact(5), jitterSeed: 1);

        Assert.Equal(50_000, plan.NextDue());
        Assert.Equal(55_000, plan.NextDue());
    }

    [Fact]
    public void Jitter_stays_within_bounds_and_averages_to_the_mean()
    {
        var gaps = new List<double>();
        var ttfts = new List<double>();
        for (var seed = 0UL; seed < 200; seed++)
        {
            var plan = new LatencyPlan(0, ticksPerMs: 1_000, new LatencySpec(50, 30), prefillMs: 0, new LatencySpec(10, 30), seed);
            var previous = plan.NextDue();
            ttfts.Add(previous / 1_000.0);
            for (var k = 1; k < 50; k++)
            {
                var due = plan.NextDue();
                gaps.Add((due - previous) / 1_000.0);
                previous = due;
            }
        }

        Assert.All(ttfts, t => Assert.InRange(t, 35, 65));
        Assert.All(gaps, g => Assert.InRange(g, 6.99, 13.01));
        Assert.InRange(gaps.Average(), 9.9, 10.1);
        Assert.True(gaps.Distinct().Count() > 100);
    }

    [Fact]
    public void Non_streaming_due_is_ttft_plus_n_minus_one_itl()
    {
        var plan = new LatencyPlan(0, ticksPerMs: 1_000, LatencySpec.Exact(100), prefillMs: 0, LatencySpec.Exact(10), jitterSeed: 1);

        Assert.Equal(100_000 + (49 * 10_000), plan.DueOfLast(50));
    }
}
