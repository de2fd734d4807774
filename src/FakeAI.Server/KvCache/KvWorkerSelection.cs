namespace FakeAI.Server.KvCache;

/// <summary>Picks a worker from per-worker costs, the way NVIDIA Dynamo's KV scheduler does (scheduler.rs).</summary>
internal static class KvWorkerSelection
{
    /// <summary>
    /// Dynamo's KV routing cost in blocks: weight × blocks the worker would have to prefill (prompt minus its cached
    /// prefix) + blocks of the prompts it is already running.
    /// </summary>
    public static double Cost(
        double overlapWeight, int blockSize, int promptTokens, int overlapBlocks, long runningPromptTokens)
    {
        var prefillBlocks = (promptTokens - ((double)overlapBlocks * blockSize)) / blockSize;
        return (overlapWeight * prefillBlocks) + ((double)runningPromptTokens / blockSize);
    }

    /// <summary>
    /// Temperature 0: the lowest cost, ties at random. Temperature T &gt; 0: a softmax over −cost / (max − min) / T,
    /// so the spread of costs is normalised away and T alone sets how often dearer workers are taken; equal costs
    /// give a uniform choice.
    /// </summary>
    public static int Select(ReadOnlySpan<double> costs, double temperature, Random random) =>
        temperature > 0 ? SelectSoftmax(costs, temperature, random) : SelectLowest(costs, random);

    public static int SelectLowest(ReadOnlySpan<double> costs, Random random)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < costs.Length; i++)
        {
            if (costs[i] < costs[best])
            {
                best = i;
                ties = 1;
            }
            else if (costs[i] == costs[best] && random.Next(++ties) == 0)
            {
                // Reservoir sampling: each of the k tied workers ends up chosen with probability 1/k.
                best = i;
            }
        }

        return best;
    }

    public static int SelectSoftmax(ReadOnlySpan<double> costs, double temperature, Random random)
    {
        double min = double.MaxValue, max = double.MinValue;
        foreach (var cost in costs)
        {
            min = Math.Min(min, cost);
            max = Math.Max(max, cost);
        }

        var range = max - min;
        if (range <= 0)
        {
            return random.Next(costs.Length);
        }

        Span<double> weights = stackalloc double[costs.Length];
        var sum = 0.0;
        for (var i = 0; i < costs.Length; i++)
        {
            // Shifted by the minimum so the largest weight is exp(0) = 1: no overflow for any temperature.
            weights[i] = Math.Exp(-(costs[i] - min) / range / temperature);
            sum += weights[i];
        }

        var target = random.NextDouble() * sum;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
