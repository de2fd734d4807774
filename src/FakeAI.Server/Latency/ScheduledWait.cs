using System.Threading.Tasks.Sources;

namespace FakeAI.Server.Latency;

/// <summary>
/// One stream's reusable awaitable for "wake me at my next token's due time". A stream owns one instance and arms it once
/// per wait, so waiting allocates nothing. Continuations run on the thread pool, never on the scheduler thread.
/// </summary>
internal sealed class ScheduledWait : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private TokenScheduler? _owner;
    private int _armed;

    /// <summary>The version of the current (or last) arming, carried by the scheduler's queue entry.</summary>
    public short Version => _core.Version;

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    internal ValueTask Arm(TokenScheduler owner, CancellationToken cancellationToken)
    {
        _core.Reset();
        _owner = owner;
        Volatile.Write(ref _armed, 1);
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((ScheduledWait)s!).Cancel(), this);
        }

        return new ValueTask(this, _core.Version);
    }

    /// <summary>Completes the wait if it is still armed with <paramref name="version"/>; false for a stale queue entry.</summary>
    internal bool TryRelease(short version)
    {
        if (version != _core.Version || Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return false;
        }

        _registration.Unregister();
        _owner!.OnWaitCompleted();
        _core.SetResult(true);
        return true;
    }

    private void Cancel()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return;
        }

        // The queue entry stays behind as a stale item; its version no longer matches once the stream re-arms or ends.
        _owner!.OnWaitCompleted();
        _core.SetException(new OperationCanceledException(_registration.Token));
    }
}
