using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

/// <summary>
/// Closed-loop clients (each sends its next request when the last one finishes) against one worker in simulated time:
/// the shape a concurrency sweep against a real vLLM shows.
/// </summary>
public sealed class EngineKneeTests
{
    private const int Limit = 8;
    private const int Prompt = 200;
    private const int Output = 50;

    [Fact]
    public void Throughput_grows_with_concurrency_then_flattens_past_the_batch_limit_while_ttft_rises()
    {
        var sweep = new[] { 1, 2, 4, Limit, 2 * Limit }.ToDictionary(c => c, Run);

        // Below the limit the batch grows and decode stays memory-bound, so tokens/s rises almost linearly.
        Assert.True(sweep[2].TokensPerSecond > 1.8 * sweep[1].TokensPerSecond, Describe(sweep));
        Assert.True(sweep[4].TokensPerSecond > 1.8 * sweep[2].TokensPerSecond, Describe(sweep));
        Assert.True(sweep[Limit].TokensPerSecond > 1.7 * sweep[4].TokensPerSecond, Describe(sweep));

        // Past it the batch cannot grow: the same tokens/s, and the extra clients wait in the queue.
        Assert.InRange(sweep[2 * Limit].TokensPerSecond / sweep[Limit].TokensPerSecond, 0.97, 1.03);
        Assert.True(sweep[2 * Limit].MeanTtftMs > 10 * sweep[Limit].MeanTtftMs, Describe(sweep));
        // Below it TTFT grows only by the prefills batched together (the clients here start in lockstep).
        Assert.True(sweep[Limit].MeanTtftMs < 3 * sweep[1].MeanTtftMs, Describe(sweep));
    }

    [Fact]
    public void Compute_bound_steps_flatten_throughput_before_the_batch_limit()
    {
        // The ridge of this model is about 99 batched tokens, far below max-num-seqs 256.
        var sweep = new[] { 8, 64, 128, 256 }.ToDictionary(c => c, c => Run(c, maxNumSeqs: 256));
        var model = StepTimeModel.FromLatencies(100, 10, 1_000, 512);

        Assert.True(sweep[64].TokensPerSecond > 2.5 * sweep[8].TokensPerSecond, Describe(sweep));
        // Compute-bound, each request costs its prompt plus one decode per output token but the last, whatever the
        // batch: the roofline's flat top.
        var roof = 1_000 * Output / (model.PerTokenMs * (Prompt + Output - 1));
        Assert.InRange(sweep[128].TokensPerSecond / roof, 0.99, 1.01);
        Assert.InRange(sweep[256].TokensPerSecond / roof, 0.99, 1.01);
        Assert.True(sweep[256].MeanTtftMs > sweep[64].MeanTtftMs, Describe(sweep));
    }

    private static (double TokensPerSecond, double MeanTtftMs) Run(int clients) => Run(clients, Limit);

    private static (double TokensPerSecond, double MeanTtftMs) Run(int clients, int maxNumSeqs)
    {
        var options = new EngineOptions
        {
            MaxNumSeqs = maxNumSeqs,
            MaxNumBatchedTokens = Math.Max(512, maxNumSeqs),
            StepTime = StepTimeModel.FromLatencies(100, 10, 1_000, Math.Max(512, maxNumSeqs)),
        };
        var worker = new EngineWorker(options);
        var nextId = 0L;
        const double warmUpMs = 5_000;
        const double endMs = 60_000;
        var ttfts = new List<double>();
        var tokens = 0L;
        var now = 0.0;
        for (var i = 0; i < clients; i++)
        {
            worker.Enqueue(new EngineRequest(nextId++, Prompt, 0, Output), now);
        }

        while (now < endMs)
        {
            var step = worker.Step(now);
            Assert.False(step.IsEmpty);
            now = step.EndMs;
            if (now > warmUpMs)
            {
                tokens += step.Emissions.Count;
            }

            foreach (var finished in step.Finished)
            {
                if (now > warmUpMs)
                {
                    ttfts.Add(finished.QueueMs + finished.PrefillMs);
                }

                worker.Enqueue(new EngineRequest(nextId++, Prompt, 0, Output), now);
            }
        }

        return (tokens / ((now - warmUpMs) / 1_000), ttfts.Average());
    }

    private static string Describe(Dictionary<int, (double TokensPerSecond, double MeanTtftMs)> sweep) =>
        string.Join(", ", sweep.Select(p => FormattableString.Invariant($"c={p.Key}: {p.Value.TokensPerSecond:0.0} tok/s, TTFT {p.Value.MeanTtftMs:0.0} ms")));
}
