using FakeAI.Bench.Load;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Bench.Tests.Engine;

public sealed class OpenLoopPacerTests
{
    private static long Ms(FakeTimeProvider time, double ms) => (long)(ms * time.TimestampFrequency / 1000);

    [Fact]
    public void After_a_stall_late_credits_go_at_once_and_the_schedule_never_moves()
    {
        var time = new FakeTimeProvider();
        var slept = TimeSpan.Zero;
        var pacer = new OpenLoopPacer(ArrivalSchedule.Create(RequestRateMode.Constant, 500, new Random(1)), time, d =>
        {
            slept += d;
            time.Advance(d);
        });
        var zero = pacer.Zero;
        var sent = new List<(long Intended, long Actual)>();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(pacer.WaitFor(i, CancellationToken.None, out var deadline));
            sent.Add((deadline, time.GetTimestamp()));
            if (i == 0)
            {
                // The first send stalls for 30 ms (a connection set-up, a collection).
                time.Advance(TimeSpan.FromMilliseconds(30));
            }
        }

        // Every credit keeps the deadline the schedule gave it: 2 ms apart from the same zero, none shifted by the stall.
        Assert.Equal(Enumerable.Range(0, 100).Select(i => zero + Ms(time, 2 * i)), sent.Select(s => s.Intended));

        // Credits 1..15 were due during the stall: they go out together when it ends, each with its lag on record.
        Assert.All(sent.Skip(1).Take(15), s => Assert.Equal(zero + Ms(time, 30), s.Actual));
        Assert.Equal(Ms(time, 28), sent[1].Actual - sent[1].Intended);

        // From then on every credit leaves exactly on its deadline, so 100 credits take exactly 99 gaps of 2 ms.
        Assert.All(sent.Skip(16), s => Assert.Equal(s.Intended, s.Actual));
        Assert.Equal(zero + Ms(time, 198), sent[^1].Actual);
        Assert.Equal(TimeSpan.FromMilliseconds(198 - 30), slept);
    }

    [Fact]
    public void A_poisson_schedule_keeps_its_offsets_whatever_the_stalls()
    {
        var reference = ArrivalSchedule.Create(RequestRateMode.Poisson, 200, new Random(7));
        var expected = Enumerable.Range(0, 50).Select(reference.OffsetSeconds).ToArray();
        var time = new FakeTimeProvider();
        var pacer = new OpenLoopPacer(ArrivalSchedule.Create(RequestRateMode.Poisson, 200, new Random(7)), time, time.Advance);
        for (var i = 0; i < 50; i++)
        {
            Assert.True(pacer.WaitFor(i, CancellationToken.None, out var deadline));
            Assert.Equal(pacer.Zero + (long)Math.Round(expected[i] * time.TimestampFrequency), deadline);
            Assert.True(time.GetTimestamp() >= deadline);
            time.Advance(TimeSpan.FromMilliseconds(i % 10 == 3 ? 40 : 0.1));
        }
    }

    [Fact]
    public void A_cancelled_wait_returns_false_without_sleeping_to_the_deadline()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var pacer = new OpenLoopPacer(ArrivalSchedule.Create(RequestRateMode.Constant, 1, new Random(1)), time, d =>
        {
            if (d > TimeSpan.Zero)
            {
                time.Advance(TimeSpan.FromMilliseconds(10));
                cancel.Cancel();
            }
        });

        Assert.True(pacer.WaitFor(0, cancel.Token, out _));
        Assert.False(pacer.WaitFor(1, cancel.Token, out _));
        Assert.True(time.GetTimestamp() - pacer.Zero < Ms(time, 1000));
    }
}
