using FakeAI.Server.Limits;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Limits;

public sealed class ConcurrencyGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Slots_go_to_waiters_in_arrival_order_and_never_to_a_newcomer_first()
    {
        var gate = new ConcurrencyGate(new FakeTimeProvider(), slots: 2, maxQueue: null, timeout: null);
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        var waiters = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync(null, CancellationToken.None)).ToArray();
        Assert.Equal(3, gate.Waiting);

        gate.Release();
        Assert.Equal(ConcurrencyGate.Outcome.Granted, await waiters[0].WaitAsync(Wait));
        Assert.False(gate.TryEnter());
        Assert.False(waiters[1].IsCompleted);

        gate.Release();
        gate.Release();
        Assert.Equal(ConcurrencyGate.Outcome.Granted, await waiters[1].WaitAsync(Wait));
        Assert.Equal(ConcurrencyGate.Outcome.Granted, await waiters[2].WaitAsync(Wait));
        Assert.Equal((2, 0), (gate.Running, gate.Waiting));

        gate.Release();
        gate.Release();
        Assert.Equal(0, gate.Running);
    }

    [Fact]
    public async Task Beyond_slots_plus_queue_the_request_is_refused_at_once()
    {
        var gate = new ConcurrencyGate(new FakeTimeProvider(), slots: 1, maxQueue: 2, timeout: null);
        Assert.True(gate.TryEnter());
        var queued = new[] { gate.EnterAsync(null, CancellationToken.None), gate.EnterAsync(null, CancellationToken.None) };

        var refused = await gate.EnterAsync(null, CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(ConcurrencyGate.Outcome.QueueFull, refused);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        Assert.Equal(2, gate.Waiting);
    }

    [Fact]
    public async Task A_queue_of_zero_refuses_everything_beyond_the_slots()
    {
        var gate = new ConcurrencyGate(new FakeTimeProvider(), slots: 1, maxQueue: 0, timeout: null);
        Assert.Equal(ConcurrencyGate.Outcome.Granted, await gate.EnterAsync(null, CancellationToken.None));

        Assert.Equal(ConcurrencyGate.Outcome.QueueFull, await gate.EnterAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiter_whose_client_goes_away_leaves_the_queue_and_the_next_one_moves_up()
    {
        var gate = new ConcurrencyGate(new FakeTimeProvider(), slots: 1, maxQueue: 1, timeout: null);
        Assert.True(gate.TryEnter());
        using var aborted = new CancellationTokenSource();
        var first = gate.EnterAsync(null, aborted.Token);

        await aborted.CancelAsync();

        Assert.Equal(ConcurrencyGate.Outcome.Abandoned, await first.WaitAsync(Wait));
        Assert.Equal(0, gate.Waiting);
        var second = gate.EnterAsync(null, CancellationToken.None);
        Assert.Equal(1, gate.Waiting);
        gate.Release();
        Assert.Equal(ConcurrencyGate.Outcome.Granted, await second.WaitAsync(Wait));
        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public async Task A_waiter_times_out_after_the_queue_timeout_on_the_servers_clock()
    {
        var time = new FakeTimeProvider();
        var gate = new ConcurrencyGate(time, slots: 1, maxQueue: null, timeout: TimeSpan.FromSeconds(5));
        Assert.True(gate.TryEnter());
        var joined = 0;
        var waiter = gate.EnterAsync(() => joined++, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(waiter.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ConcurrencyGate.Outcome.TimedOut, await waiter.WaitAsync(Wait));
        Assert.Equal((1, 0, 1), (joined, gate.Waiting, gate.Running));
    }
}
