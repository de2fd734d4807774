using FakeAI.Server.Engine;
using FakeAI.Server.Latency;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Engine;

/// <summary>The driver on a fake clock: steps chained on absolute time, tokens due at step ends, queueing and aborts.</summary>
public sealed class EngineDriverTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TokenScheduler _scheduler;
    private readonly long _t0;

    public EngineDriverTests()
    {
        _scheduler = new TokenScheduler(_time, runThread: false);
        _t0 = _scheduler.Now;
    }

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task Each_step_is_computed_when_the_previous_ends_and_its_tokens_are_due_at_its_end()
    {
        using var driver = Driver(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });

        using var stream = driver.Enqueue(1000, 0, 3, _t0);

        // The prefill step was computed on arrival: the first token is due at its end.
        var first = stream.NextDueAsync(CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(100, Ms(await first), 3);

        // The decode step is computed only when the prefill step ends, on the scheduler's clock.
        var second = stream.NextDueAsync(CancellationToken.None);
        AdvanceMs(99.9);
        Assert.False(second.IsCompleted);
        AdvanceMs(0.1);
        Assert.True(second.IsCompleted);
        Assert.Equal(110, Ms(await second), 2);

        AdvanceMs(10);
        Assert.Equal(120, Ms(await stream.NextDueAsync(CancellationToken.None)), 2);
        AdvanceMs(10.1); // later decode steps read a little more KV each: slightly longer than 10 ms
        var idle = driver.Snapshot();
        Assert.Equal((0, 0, 0, 3L, 1L), (idle.Running, idle.Waiting, idle.UsedBlocks, idle.StepsTotal, idle.FinishedTotal));

        // Idle costs nothing: no wake-up is pending on the scheduler.
        Assert.Equal(0, _scheduler.QueueLength);
    }

    [Fact]
    public async Task A_request_arriving_at_an_idle_worker_is_timed_from_its_arrival()
    {
        using var driver = Driver(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });
        AdvanceMs(5_000);
        var arrival = _scheduler.Now - Ticks(3); // parsing took 3 ms

        using var stream = driver.Enqueue(1000, 0, 1, arrival);

        Assert.Equal(5_097, Ms(await stream.NextDueAsync(CancellationToken.None)), 3);
    }

    [Fact]
    public async Task Past_max_num_seqs_requests_wait_until_a_running_one_finishes()
    {
        using var driver = Driver(new EngineOptions { MaxNumSeqs = 2, StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });

        var streams = Enumerable.Range(0, 3).Select(_ => driver.Enqueue(1000, 0, 3, _t0)).ToArray();

        // The first arrival found the worker idle and started a step alone; the others join the next step.
        Assert.Equal((1, 2), (driver.Snapshot().Running, driver.Snapshot().Waiting));
        AdvanceMs(100);
        Assert.Equal((2, 1), (driver.Snapshot().Running, driver.Snapshot().Waiting));

        AdvanceMs(2_000); // the driver catches up step by step; every due time is already published
        var dues = new List<double[]>();
        foreach (var stream in streams)
        {
            var due = new double[3];
            for (var i = 0; i < due.Length; i++)
            {
                due[i] = Ms(await stream.NextDueAsync(CancellationToken.None));
            }

            dues.Add(due);
            stream.Dispose();
        }

        // The third starts only in the step after the first's last token, and prefills for about a TTFT.
        Assert.True(dues[2][0] >= dues[0][2] + 99, $"third's first token at {dues[2][0]} ms, first's last at {dues[0][2]} ms");
        Assert.True(dues[1][0] < dues[2][0]);
        Assert.Equal(3L, driver.Snapshot().FinishedTotal);
    }

    [Fact]
    public async Task Cancelling_a_stream_ends_its_wait_and_disposing_it_frees_its_blocks()
    {
        using var driver = Driver(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });
        using var cancellation = new CancellationTokenSource();
        var stream = driver.Enqueue(1000, 0, 100, _t0);
        var queued = driver.Enqueue(1000, 0, 100, _t0);
        await stream.NextDueAsync(cancellation.Token);
        Assert.Equal((1, 1, 63), (driver.Snapshot().Running, driver.Snapshot().Waiting, driver.Snapshot().UsedBlocks));

        var next = stream.NextDueAsync(cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        stream.Dispose();
        queued.Dispose();

        var state = driver.Snapshot();
        Assert.Equal((0, 0, 0, 2L), (state.Running, state.Waiting, state.UsedBlocks, state.AbortedTotal));

        // The pending step finds nothing to do and the chain stops.
        AdvanceMs(100);
        Assert.Equal(0, _scheduler.QueueLength);
        Assert.Equal(1L, driver.Snapshot().StepsTotal);
    }

    [Fact]
    public async Task A_non_streaming_wait_completes_with_the_last_tokens_due_time()
    {
        using var driver = Driver(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });
        using var stream = driver.Enqueue(1000, 0, 5, _t0);

        var last = stream.LastDueAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            // Each decode step reads a little more KV, so steps end a few ns after each 10 ms mark.
            AdvanceMs(i == 0 ? 100 : 10.01);
            Assert.False(last.IsCompleted);
        }

        AdvanceMs(10.01);
        Assert.Equal(140, Ms(await last), 2);
    }

    [Fact]
    public async Task Step_lateness_is_how_long_after_its_planned_time_each_step_started()
    {
        using var driver = Driver(new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1000, 8192) });
        using var stream = driver.Enqueue(1000, 0, 4, _t0);

        // The chain's first step starts on the arrival: nothing to be late against.
        Assert.Equal(0, driver.Lateness().Count);
        Assert.Equal(100, Ms(await stream.NextDueAsync(CancellationToken.None)), 3);

        AdvanceMs(100.25); // the scheduler releases the prefill step's end 0.25 ms late
        Assert.Equal(new StepLatenessSnapshot(1, 0.25, 0.25, 0.25), driver.Lateness());

        // The next step was planned from the previous step's planned end, not from the late wake-up.
        var second = await stream.NextDueAsync(CancellationToken.None);
        Assert.Equal(110, Ms(second), 2);
        AdvanceTo(second); // on time
        var third = await stream.NextDueAsync(CancellationToken.None);
        AdvanceTo(third + Ticks(3)); // 3 ms late

        var lateness = driver.Lateness();
        Assert.Equal(3, lateness.Count);
        Assert.InRange(lateness.P50Ms, 0.25, 0.25 * 1.0625); // of 0, 0.25 and 3 ms, to its bucket
        Assert.Equal(3, lateness.MaxMs, 3);
        Assert.Equal(lateness.MaxMs, lateness.P99Ms);
    }

    private EngineDriver Driver(EngineOptions options) => new(options, _scheduler, _t0);

    private void AdvanceMs(double ms)
    {
        _time.Advance(TimeSpan.FromMilliseconds(ms));
        _scheduler.ReleaseDue();
    }

    private void AdvanceTo(long timestamp)
    {
        _time.Advance(TimeSpan.FromTicks((timestamp - _scheduler.Now) * TimeSpan.TicksPerSecond / _time.TimestampFrequency));
        _scheduler.ReleaseDue();
    }

    private long Ticks(double ms) => (long)(ms * _scheduler.TicksPerMillisecond);

    private double Ms(long timestamp) => (timestamp - _t0) / _scheduler.TicksPerMillisecond;
}
