using FakeAI.Bench;
using FakeAI.Bench.Records;
using FakeAI.Cli.Progress;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Progress;

public sealed class ProgressTests
{
    private static ProfileProgress At(double seconds, int completed, int? total = 100, TimeSpan? duration = null, double? ttft = null, double? itl = null) =>
        new(BenchmarkPhase.Profiling, completed, total, 0, 4, TimeSpan.FromSeconds(seconds), duration, ttft, itl);

    [Fact]
    public void A_log_gets_a_line_every_10_percent_not_every_tick()
    {
        var throttle = new PlainProgressThrottle();
        var printed = new List<int>();
        for (var tick = 0; tick <= 200; tick++) // 4 reports a second for 50 s, 2 requests a second
        {
            var completed = tick / 2;
            if (throttle.ShouldPrint(At(tick * 0.25, completed)))
            {
                printed.Add(completed);
            }
        }

        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], printed);
    }

    [Fact]
    public void A_slow_run_still_gets_a_line_every_10_seconds()
    {
        var throttle = new PlainProgressThrottle();
        var printedAt = new List<double>();
        for (var tick = 0; tick <= 240; tick++) // 60 s at one request a second out of 1,000: never 10 %
        {
            var seconds = tick * 0.25;
            if (throttle.ShouldPrint(At(seconds, (int)seconds, total: 1000)))
            {
                printedAt.Add(seconds);
            }
        }

        Assert.Equal([0, 10, 20, 30, 40, 50, 60], printedAt);
    }

    [Fact]
    public void Duration_runs_step_by_time()
    {
        var throttle = new PlainProgressThrottle();
        var duration = TimeSpan.FromSeconds(20);
        var printed = Enumerable.Range(0, 81).Count(tick => throttle.ShouldPrint(At(tick * 0.25, tick, total: null, duration: duration)));

        Assert.Equal(11, printed); // 0 %, then every 2 s
    }

    [Fact]
    public void Rate_and_eta_come_from_the_last_seconds()
    {
        var tracker = new ProgressTracker();
        for (var second = 0; second <= 5; second++)
        {
            tracker.Update(At(second, second * 10));
        }

        Assert.Equal(10, tracker.Rate!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(5), tracker.Eta);
        Assert.Contains("50/100 requests (50 %), 10.0 req/s, ETA 5 s, 0 errors", tracker.Line(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_panel_shows_done_rate_eta_errors_and_running_latencies()
    {
        var tracker = new ProgressTracker();
        tracker.Update(At(0, 0));
        tracker.Update(At(2, 40, ttft: 100.04, itl: 9.96));
        var console = new TestConsole();
        console.Profile.Width = 120;

        console.Write(tracker.Panel("run 2/3"));

        foreach (var expected in new[] { "run 2/3", "40/100 requests (40 %)", "20.0 req/s", "ETA", "3 s", "errors", "TTFT p50", "100.0 ms", "ITL p50", "10.0 ms", "40%" })
        {
            Assert.Contains(expected, console.Output, StringComparison.Ordinal);
        }
    }
}
