using System.Threading.Tasks.Sources;

namespace FakeAI.Server.Latency;

/// <summary>
/// One stream's reusable awaitable for "wake me at my next token's due time". A stream owns one instance and arms it once
/// per wait, so waiting allocates nothing, and it registers with the stream's cancellation token once rather than per
/// token. The continuation runs inline on the releasing thread: the stream copies its token into the response pipe and
/// starts a flush (Kestrel sends on its own I/O threads), which costs microseconds and saves a thread-pool hop per token.
/// </summary>
internal sealed class ScheduledWait : IValueTaskSource, IDisposable
{
    private readonly CancellationToken _cancellationToken;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private CancellationTokenRegistration _registration;
    private TokenScheduler? _owner;
    private int _armed;

    /// <param name="cancellationToken">Ends the current wait (and any later one) with <see cref="OperationCanceledException"/>.</param>
    public ScheduledWait(CancellationToken cancellationToken = default) => _cancellationToken = cancellationToken;

    /// <summary>The version of the current (or last) arming, carried by the scheduler's queue entry.</summary>
    public short Version => _core.Version;

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose() => _registration.Dispose();

    internal ValueTask Arm(TokenScheduler owner)
    {
        _core.Reset();
        _owner = owner;
        Volatile.Write(ref _armed, 1);
        if (_cancellationToken.CanBeCanceled && _registration == default)
        {
            _registration = _cancellationToken.UnsafeRegister(static s => ((ScheduledWait)s!).Cancel(), this);
        }

        // A cancellation that fired while the stream was writing (not armed) would otherwise go unnoticed by this wait.
        if (_cancellationToken.IsCancellationRequested)
        {
            Cancel();
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
        _core.SetException(new OperationCanceledException(_cancellationToken));
    }
}
