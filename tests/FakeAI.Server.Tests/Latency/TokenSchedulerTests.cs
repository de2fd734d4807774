using FakeAI.Protocol.Timing;
using FakeAI.Server.Latency;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Latency;

public sealed class TokenSchedulerTests
{
    private static long Ms(TokenScheduler scheduler, double ms) => (long)(ms * scheduler.TicksPerMillisecond);

    [Fact]
    public async Task Wait_is_released_exactly_when_due_and_not_before()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var wait = new ScheduledWait();

        var task = scheduler.WaitUntilAsync(wait, scheduler.Now + Ms(scheduler, 10)).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(9.9));
        Assert.Equal(0, scheduler.ReleaseDue());
        Assert.False(task.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(0.1));
        Assert.Equal(1, scheduler.ReleaseDue());
        await task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public void Already_due_waits_complete_synchronously_without_queueing()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);

        var task = scheduler.WaitUntilAsync(new ScheduledWait(), scheduler.Now);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Waits_due_together_are_released_in_one_pass_in_due_order()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var start = scheduler.Now;
        var tasks = Enumerable.Range(0, 100)
            .Select(i => scheduler.WaitUntilAsync(new ScheduledWait(), start + Ms(scheduler, 1 + (i % 10))).AsTask())
            .ToArray();

        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(50, scheduler.ReleaseDue());
        Assert.Equal(50, scheduler.PendingCount);
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(50, scheduler.ReleaseDue());

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public async Task Cancelled_wait_completes_at_once_and_its_stale_entry_is_skipped()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        using var cancellation = new CancellationTokenSource();

        var task = scheduler.WaitUntilAsync(new ScheduledWait(cancellation.Token), scheduler.Now + Ms(scheduler, 50)).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(0, scheduler.PendingCount);
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(0, scheduler.ReleaseDue());
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task A_reused_wait_serves_consecutive_tokens()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var wait = new ScheduledWait();
        var start = scheduler.Now;

        for (var k = 1; k <= 5; k++)
        {
            var task = scheduler.WaitUntilAsync(wait, start + Ms(scheduler, k * 10));
            time.Advance(TimeSpan.FromMilliseconds(10));
            Assert.Equal(1, scheduler.ReleaseDue());
            await task;
        }

        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public async Task A_cancellation_between_waits_ends_the_next_wait_at_once()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        using var cancellation = new CancellationTokenSource();
        using var wait = new ScheduledWait(cancellation.Token);

        var first = scheduler.WaitUntilAsync(wait, scheduler.Now + Ms(scheduler, 10));
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, scheduler.ReleaseDue());
        await first;

        // The stream is writing (not waiting) when its client goes away.
        await cancellation.CancelAsync();
        var second = scheduler.WaitUntilAsync(wait, scheduler.Now + Ms(scheduler, 10)).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public async Task The_real_thread_releases_waits_on_the_system_clock()
    {
        using var scheduler = new TokenScheduler(TimeProvider.System);
        var started = scheduler.Now;

        await scheduler.WaitUntilAsync(new ScheduledWait(), started + Ms(scheduler, 30)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        var elapsedMs = (scheduler.Now - started) / scheduler.TicksPerMillisecond;
        Assert.InRange(elapsedMs, 30, 500);
    }

    [Fact]
    public void A_scheduler_that_reports_raised_priority_really_runs_its_thread_above_the_process()
    {
        using var scheduler = new TokenScheduler(TimeProvider.System);
        if (!OperatingSystem.IsLinux())
        {
            Assert.True(scheduler.RunsAtRaisedPriority);
            return;
        }

        var processNice = NiceOf(File.ReadAllText("/proc/self/stat"));
        var schedulerNice = Directory.GetDirectories("/proc/self/task")
            .Where(task => TryRead(Path.Combine(task, "comm"))?.StartsWith("FakeAI token", StringComparison.Ordinal) == true)
            .Select(task => TryRead(Path.Combine(task, "stat")))
            .OfType<string>()
            .Select(NiceOf)
            .ToList();

        Assert.NotEmpty(schedulerNice);
        var expected = scheduler.RunsAtRaisedPriority ? Math.Max(-20, processNice - ThreadPriorityBoost.LevelsAboveProcess) : processNice;
        Assert.Contains(expected, schedulerNice);
    }

    // After the parenthesised thread name (which may hold spaces), the nice value is the 17th field.
    private static int NiceOf(string stat)
    {
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    // Other tests' threads come and go while /proc/self/task is read.
    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
