using System.Globalization;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Load;

/// <summary>
/// Notices the server going away mid-run. After <see cref="FailureThreshold"/> consecutive requests that could not even
/// connect, with no response of any kind in between, sending pauses (instead of firing the rest of the run as
/// connection-refused errors at thousands per second); a TCP connect every <see cref="ProbeInterval"/> resumes it once the
/// server accepts connections again. If no response arrives within the outage limit of the streak's first failure, the run
/// is lost: senders stop and <see cref="LostReason"/> says why.
/// </summary>
internal sealed class ServerHealth
{
    public const int FailureThreshold = 10;

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _outageLimit;
    private readonly Func<CancellationToken, Task<bool>> _probe;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private int _consecutive;
    private long _streakStart;
    private TaskCompletionSource<bool>? _paused;
    private volatile bool _lost;

    /// <param name="outageLimit">How long the server may stay unreachable before the run stops.</param>
    /// <param name="probe">True when a connection to the server could be opened.</param>
    /// <param name="time">Clock for the outage limit and the probe interval.</param>
    public ServerHealth(TimeSpan outageLimit, Func<CancellationToken, Task<bool>> probe, TimeProvider time)
    {
        _outageLimit = outageLimit;
        _probe = probe;
        _time = time;
    }

    /// <summary>Set once the run stopped because the server stayed unreachable.</summary>
    public string? LostReason { get; private set; }

    /// <summary>Pauses and resumptions so far (each is one outage the run rode out or ended with).</summary>
    public int Pauses { get; private set; }

    /// <summary>Counts a finished request: a connect failure extends the streak, any HTTP response ends it.</summary>
    public void Observe(RequestRecord record)
    {
        if (record.ConnectFailed)
        {
            lock (_lock)
            {
                if (_consecutive++ == 0)
                {
                    _streakStart = _time.GetTimestamp();
                }

                if (_consecutive >= FailureThreshold && _paused is null && !_lost)
                {
                    Pauses++;
                    _paused = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _ = ProbeUntilBackAsync(_paused);
                }
            }
        }
        else if (record.HeadersTimestamp != 0)
        {
            lock (_lock)
            {
                _consecutive = 0;
            }
        }
    }

    /// <summary>Completes at once while the server is up; during an outage when it is back (true) or the run is lost (false).</summary>
    public ValueTask<bool> WaitUntilSendableAsync(CancellationToken cancellationToken)
    {
        if (_lost)
        {
            return ValueTask.FromResult(false);
        }

        var paused = Volatile.Read(ref _paused);
        return paused is null ? ValueTask.FromResult(true) : new ValueTask<bool>(paused.Task.WaitAsync(cancellationToken));
    }

    /// <summary>The blocking form, for the pacer thread; false also when cancelled.</summary>
    public bool WaitUntilSendable(CancellationToken cancellationToken)
    {
        try
        {
            var wait = WaitUntilSendableAsync(cancellationToken);
            return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ProbeUntilBackAsync(TaskCompletionSource<bool> paused)
    {
        while (true)
        {
            long streakStart;
            lock (_lock)
            {
                streakStart = _streakStart;
            }

            if (_time.GetElapsedTime(streakStart) >= _outageLimit)
            {
                LostReason = string.Create(CultureInfo.InvariantCulture, $"the server stopped accepting connections: {FailureThreshold}+ consecutive connection failures and no response for {_outageLimit.TotalSeconds:0.#} s");
                _lost = true;
                Resume(paused, false);
                return;
            }

            using var attempt = new CancellationTokenSource(ProbeInterval * 4, _time);
            bool up;
            try
            {
                up = await _probe(attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                up = false;
            }

            if (up)
            {
                Resume(paused, true);
                return;
            }

            await Task.Delay(ProbeInterval, _time).ConfigureAwait(false);
        }
    }

    private void Resume(TaskCompletionSource<bool> paused, bool sendable)
    {
        lock (_lock)
        {
            _paused = null;
        }

        paused.SetResult(sendable);
    }
}
