using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvWorkerSelectionTests
{
    [Fact]
    public void Dynamo_worked_example_costs_18_10_11_pick_the_worker_with_10()
    {
        // A 10-block request (block size 16). Worker 0 caches 2 blocks and runs 10; worker 1 caches 5 and runs 5;
        // worker 2 caches 8 and runs 9.
        double[] costs =
        [
            KvWorkerSelection.Cost(1.0, 16, 160, overlapBlocks: 2, runningPromptTokens: 10 * 16),
            KvWorkerSelection.Cost(1.0, 16, 160, overlapBlocks: 5, runningPromptTokens: 5 * 16),
            KvWorkerSelection.Cost(1.0, 16, 160, overlapBlocks: 8, runningPromptTokens: 9 * 16),
        ];

        Assert.Equal([18.0, 10.0, 11.0], costs);
        Assert.Equal(1, KvWorkerSelection.Select(costs, 0, new Random(1)));
    }

    [Fact]
    public void Overlap_weight_scales_only_the_prefill_part()
    {
        Assert.Equal(2 * 7.5 + 3, KvWorkerSelection.Cost(2.0, 16, 200, overlapBlocks: 5, runningPromptTokens: 48));
        Assert.Equal(3.0, KvWorkerSelection.Cost(0.0, 16, 200, overlapBlocks: 0, runningPromptTokens: 48));
    }

    [Fact]
    public void Ties_are_broken_uniformly_at_random()
    {
        double[] costs = [5, 3, 3, 9, 3];
        var counts = new int[costs.Length];
        var random = new Random(42);
        for (var i = 0; i < 9_000; i++)
        {
            counts[KvWorkerSelection.SelectLowest(costs, random)]++;
        }

        Assert.Equal(0, counts[0] + counts[3]);
        foreach (var tied in new[] { 1, 2, 4 })
        {
            Assert.InRange(counts[tied], 2_700, 3_300);
        }
    }

    [Fact]
    public void Positive_temperature_samples_the_softmax_of_normalised_costs()
    {
        double[] costs = [10, 15, 20];
        const double T = 1.0;
        // p_i ∝ exp(-(c_i - min) / (max - min) / T)
        var weights = costs.Select(c => Math.Exp(-(c - 10) / 10 / T)).ToArray();
        var expected = weights.Select(w => w / weights.Sum()).ToArray();
        var counts = new int[3];
        var random = new Random(7);
        const int Samples = 40_000;
        for (var i = 0; i < Samples; i++)
        {
            counts[KvWorkerSelection.Select(costs, T, random)]++;
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.InRange((double)counts[i] / Samples, expected[i] - 0.01, expected[i] + 0.01);
        }
    }

    [Fact]
    public void Low_temperature_almost_always_takes_the_cheapest_and_equal_costs_are_uniform()
    {
        var random = new Random(3);
        var cheapest = Enumerable.Range(0, 1_000).Count(_ => KvWorkerSelection.Select([4, 2, 8], 0.05, random) == 1);
        Assert.True(cheapest > 990, $"cheapest picked {cheapest} times of 1000");

        var counts = new int[2];
        for (var i = 0; i < 2_000; i++)
        {
            counts[KvWorkerSelection.Select([5, 5], 1.0, random)]++;
        }

        Assert.InRange(counts[0], 850, 1_150);
    }
}
