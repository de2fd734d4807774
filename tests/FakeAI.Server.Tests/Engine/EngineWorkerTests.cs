using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

public sealed class EngineWorkerTests
{
    /// <summary>A model with round numbers: 1 ms per token of compute, 10 ms to read the weights, KV reads free.</summary>
    private static readonly StepTimeModel Simple = new(BaseMs: 0, PerDecodeSeqMs: 0, PerTokenMs: 1, WeightsMs: 10, PerContextTokenMs: 0);

    [Fact]
    public void Lone_request_sees_the_configured_ttft_and_itl()
    {
        var harness = EngineHarness.Create(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1_000, 8_192) });
        harness.Enqueue(1, prompt: 1_000, output: 20);

        harness.RunUntilIdle();

        var times = harness.Tokens[1].Select(t => t.AtMs).ToArray();
        Assert.Equal(Enumerable.Range(0, 20), harness.Tokens[1].Select(t => t.Index));
        Assert.Equal(100, times[0], 6);
        Assert.Equal(10, times[1] - times[0], 6);
        // Later gaps read a little more KV each step: well under 0.1 % over 20 tokens.
        Assert.All(times.Zip(times.Skip(1)), p => Assert.InRange(p.Second - p.First, 10 - 1e-9, 10.01));
        var finished = harness.Finished[1];
        Assert.Equal(0, finished.QueueMs);
        Assert.Equal(20, finished.OutputTokens);
        Assert.Equal(1, harness.Worker.FinishedTotal);
        Assert.Equal(100, finished.PrefillMs, 6);
        Assert.Equal(times[19] - times[0], finished.DecodeMs, 9);
        Assert.Equal(harness.Worker.CapacityBlocks, harness.Worker.FreeBlocks);
    }

    [Fact]
    public void Decodes_go_first_and_prefill_fills_the_rest_of_the_budget()
    {
        var harness = EngineHarness.Create(new EngineOptions { MaxNumSeqs = 4, MaxNumBatchedTokens = 8, StepTime = Simple });
        harness.Enqueue(1, prompt: 2, output: 50);
        harness.Enqueue(2, prompt: 2, output: 50);
        harness.Step(); // both prefilled together, first tokens out
        Assert.Equal((0, 4), (harness.Steps[0].DecodeSeqs, harness.Steps[0].PrefillTokens));

        harness.Enqueue(3, prompt: 20, output: 5);
        for (var i = 0; i < 4; i++)
        {
            var step = harness.Step();
            Assert.Equal(2, step.DecodeSeqs); // the running sequences never miss a token for the newcomer's prefill
            Assert.Equal(i < 3 ? 6 : 2, step.PrefillTokens); // 20 = 6 + 6 + 6 + 2, within the 8-token budget
            Assert.Equal(i == 3, harness.Tokens.ContainsKey(3));
        }

        Assert.Equal(5, harness.Tokens[1].Count);
    }

    [Fact]
    public void Long_prompt_is_prefilled_in_chunks_of_the_token_budget()
    {
        var harness = EngineHarness.Create(new EngineOptions { MaxNumBatchedTokens = 2_048, StepTime = Simple });
        harness.Enqueue(1, prompt: 20_000, output: 2);

        harness.RunUntilIdle();

        var prefill = harness.Steps.Take(10).Select(s => s.PrefillTokens).ToArray();
        Assert.Equal([.. Enumerable.Repeat(2_048, 9), 20_000 - (9 * 2_048)], prefill);
        Assert.Equal(11, harness.Steps.Count); // 10 prefill chunks, 1 decode
        // The first token leaves after the last chunk: 9 full compute-bound chunks and a last one of 1,568 tokens.
        Assert.Equal(20_000, harness.Ttft(1), 9);
        Assert.Equal(Simple.LonePrefillMs(20_000, 2_048), harness.Ttft(1), 9);
    }

    [Fact]
    public void Requests_beyond_max_num_seqs_wait_in_fifo_order()
    {
        var harness = EngineHarness.Create(new EngineOptions { MaxNumSeqs = 2, MaxNumBatchedTokens = 64, StepTime = Simple });
        for (var id = 1; id <= 5; id++)
        {
            harness.Enqueue(id, prompt: 4, output: 3 + id);
        }

        harness.Step();
        Assert.Equal((2, 3), (harness.Worker.Running, harness.Worker.Waiting));

        harness.RunUntilIdle();

        var firstTokens = harness.Tokens.OrderBy(t => t.Value[0].AtMs).ThenBy(t => t.Key).Select(t => t.Key);
        Assert.Equal([1L, 2, 3, 4, 5], firstTokens);
        Assert.True(harness.Steps.All(s => s.DecodeSeqs + (s.PrefillTokens / 4) <= 2));
        // Request 3 takes request 1's place, right after request 1's last token.
        Assert.Equal(harness.Tokens[1][^1].AtMs, harness.Finished[3].QueueMs, 9);
        Assert.Equal(0, harness.Finished[2].QueueMs);
    }

    [Fact]
    public void Kv_exhaustion_preempts_the_newest_sequence_which_recomputes_and_completes()
    {
        // Blocks of 4 tokens, 10 blocks: three 8-token prompts fit (2 blocks each) but cannot all grow to 13 tokens.
        var options = new EngineOptions { BlockSize = 4, CapacityBlocks = 10, MaxNumSeqs = 8, MaxNumBatchedTokens = 64, StepTime = Simple };
        var harness = EngineHarness.Create(options);
        for (var id = 1; id <= 3; id++)
        {
            harness.Enqueue(id, prompt: 8, output: 12);
        }

        harness.Step();
        Assert.Equal((3, 6), (harness.Worker.Running, harness.Worker.UsedBlocks));
        for (var i = 0; i < 5; i++)
        {
            harness.Step();
        }

        Assert.Equal([3L], harness.Preempted);
        Assert.Equal(new EngineWorkerSnapshot(2, 1, 8, 10, 1, 6, 3 * 5 + 2, 24, 0, 0), harness.Worker.Snapshot());
        Assert.Equal(0.8, harness.Worker.Snapshot().KvUsage, 9);

        harness.RunUntilIdle();

        Assert.NotEmpty(harness.Preempted);
        Assert.Equal(3, harness.Preempted[0]); // the newest goes first
        Assert.Equal(harness.Preempted.Count, harness.Worker.PreemptionsTotal);
        Assert.True(harness.Finished[3].Preemptions >= 1);
        Assert.Equal(0, harness.Finished[1].Preemptions);
        foreach (var id in new long[] { 1, 2, 3 })
        {
            // Recompute re-prefills prompt + generated tokens, then carries on: no token repeated or lost.
            Assert.Equal(Enumerable.Range(0, 12), harness.Tokens[id].Select(t => t.Index));
        }

        // Request 3 had emitted 5 tokens when preempted at step 6: its recompute prefills 8 + 5 tokens at once.
        Assert.Contains((0, 13), harness.Steps.Select(s => (s.DecodeSeqs, s.PrefillTokens)));
        Assert.Equal(10, harness.Worker.FreeBlocks);
        Assert.Equal(0, harness.Worker.KvUsage);
    }

    [Fact]
    public void Kv_usage_never_exceeds_capacity_under_pressure()
    {
        var options = new EngineOptions { BlockSize = 16, CapacityBlocks = 64, MaxNumSeqs = 32, MaxNumBatchedTokens = 512, StepTime = Simple };
        var worker = new EngineWorker(options);
        var random = new Random(7);
        for (var id = 0; id < 60; id++)
        {
            worker.Enqueue(new EngineRequest(id, random.Next(1, 400), 0, random.Next(1, 300)), 0);
        }

        var emitted = new Dictionary<long, int>();
        var now = 0.0;
        while (worker.HasWork)
        {
            var step = worker.Step(now);
            Assert.False(step.IsEmpty);
            Assert.InRange(worker.UsedBlocks, 0, 64);
            Assert.InRange(step.ScheduledTokens, 1, 512);
            Assert.True(worker.Running <= 32);
            foreach (var token in step.Emissions)
            {
                Assert.Equal(emitted.GetValueOrDefault(token.RequestId), token.TokenIndex);
                emitted[token.RequestId] = token.TokenIndex + 1;
            }

            now = step.EndMs;
        }

        Assert.Equal(60, worker.FinishedTotal);
        Assert.True(worker.PreemptionsTotal > 0);
        Assert.Equal(64, worker.FreeBlocks);
    }

    [Fact]
    public void Cached_prefix_blocks_need_no_prefill()
    {
        var options = new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1_000, 8_192) };
        var cold = EngineHarness.Create(options);
        var warm = EngineHarness.Create(options);
        var full = EngineHarness.Create(options);
        cold.Enqueue(1, prompt: 1_000, output: 2);
        warm.Enqueue(1, prompt: 1_000, output: 2, cached: 900);
        full.Enqueue(1, prompt: 1_000, output: 2, cached: 1_000);

        Assert.Equal(1_000, cold.Step().PrefillTokens);
        Assert.Equal(1_000 - 896, warm.Step().PrefillTokens); // only full 16-token blocks are cached
        Assert.Equal(8, full.Step().PrefillTokens); // the last block is recomputed to sample from its last token

        Assert.Equal(100, cold.Ttft(1), 6);
        Assert.InRange(warm.Ttft(1), 10, 15); // 104 tokens of compute, or the weights read if more
        Assert.InRange(full.Ttft(1), 9.9, 10.1);
        warm.RunUntilIdle();
        Assert.Equal(2, warm.Tokens[1].Count);
    }

    [Fact]
    public void Aborted_requests_leave_the_queue_or_the_batch_and_free_their_blocks()
    {
        var harness = EngineHarness.Create(new EngineOptions { MaxNumSeqs = 1, MaxNumBatchedTokens = 64, StepTime = Simple });
        for (var id = 1; id <= 3; id++)
        {
            harness.Enqueue(id, prompt: 40, output: 100);
        }

        harness.Step();
        Assert.Equal((1, 2, 3), (harness.Worker.Running, harness.Worker.Waiting, harness.Worker.UsedBlocks));

        Assert.True(harness.Worker.Abort(2)); // waiting
        Assert.True(harness.Worker.Abort(1)); // running: its 3 blocks come back
        Assert.False(harness.Worker.Abort(1));
        Assert.False(harness.Worker.Abort(99));
        Assert.Equal((0, 1, 0, 2L), (harness.Worker.Running, harness.Worker.Waiting, harness.Worker.UsedBlocks, harness.Worker.AbortedTotal));

        harness.RunUntilIdle();

        Assert.Equal([1L, 3], harness.Tokens.Keys.Order());
        Assert.Single(harness.Tokens[1]); // only the token of the step before the abort
        Assert.Equal(100, harness.Tokens[3].Count);
        Assert.Equal(harness.Worker.CapacityBlocks, harness.Worker.FreeBlocks);
    }

    [Fact]
    public void A_step_cannot_start_before_the_previous_one_ends()
    {
        var harness = EngineHarness.Create(new EngineOptions { StepTime = Simple });
        harness.Enqueue(1, prompt: 4, output: 2);
        var step = harness.Worker.Step(0);

        Assert.Equal(10, step.EndMs);
        Assert.Throws<InvalidOperationException>(() => harness.Worker.Step(9.5));
        Assert.False(harness.Worker.Step(12).IsEmpty); // late is fine: the driver fell behind
    }

    [Fact]
    public void Idle_worker_takes_no_time()
    {
        var worker = new EngineWorker(new EngineOptions { StepTime = Simple });

        var step = worker.Step(5);

        Assert.True(step.IsEmpty);
        Assert.Equal(5, step.EndMs);
        Assert.Equal(0, worker.StepsTotal);
    }

    [Fact]
    public void Malformed_or_oversized_requests_are_refused()
    {
        var worker = new EngineWorker(new EngineOptions { BlockSize = 16, CapacityBlocks = 10, MaxNumSeqs = 4, MaxNumBatchedTokens = 64, StepTime = Simple });

        Assert.Throws<ArgumentException>(() => worker.Enqueue(new EngineRequest(1, 0, 0, 1), 0));
        Assert.Throws<ArgumentException>(() => worker.Enqueue(new EngineRequest(1, 10, 11, 1), 0));
        Assert.Throws<ArgumentException>(() => worker.Enqueue(new EngineRequest(1, 10, 0, 0), 0));
        var tooBig = Assert.Throws<ArgumentException>(() => worker.Enqueue(new EngineRequest(9, 150, 0, 12), 0));
        Assert.Contains("need 11 KV blocks, more than the worker's 10", tooBig.Message, StringComparison.Ordinal);
        worker.Enqueue(new EngineRequest(2, 150, 0, 11), 0); // 160 tokens of KV: exactly 10 blocks
        Assert.Equal(1, worker.Waiting);
    }
}
