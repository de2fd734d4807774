using System.Threading.Tasks.Sources;

namespace FakeAI.Server.Engine;

/// <summary>
/// One request's place in a simulated worker, as its stream writer sees it: the due timestamps of its tokens, which the
/// worker's driver publishes when it computes the step that emits them (the token is due at the step's end). The writer
/// awaits the next due time, then waits for it on the token scheduler as it does with a fixed latency plan. One reusable
/// awaitable per request, so waiting allocates nothing per token. Disposing it before the last token (the client went
/// away, or the response needed fewer tokens) aborts the sequence and frees its KV blocks.
/// </summary>
internal sealed class EngineStream : IValueTaskSource<long>, IDisposable
{
    private readonly EngineDriver _driver;
    private readonly Lock _gate = new();
    private readonly Queue<long> _dues = new();
    private ManualResetValueTaskSourceCore<long> _core = new() { RunContinuationsAsynchronously = false };
    private CancellationTokenRegistration _registration;
    private CancellationToken _cancellationToken;
    private long? _lastDue;
    private bool _waiting;
    private bool _onlyLast;
    private int _disposed;

    internal EngineStream(EngineDriver driver, long id)
    {
        _driver = driver;
        Id = id;
    }

    /// <summary>The request's id in its worker.</summary>
    public long Id { get; }

    /// <summary>The due timestamp of the next token, once the step that emits it has been computed.</summary>
    public ValueTask<long> NextDueAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_dues.TryDequeue(out var due))
            {
                return new ValueTask<long>(due);
            }

            return Arm(cancellationToken);
        }
    }

    /// <summary>The due timestamp of the request's last token (a non-streaming response is held until then).</summary>
    public ValueTask<long> LastDueAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _onlyLast = true;
            _dues.Clear();
            if (_lastDue is { } due)
            {
                return new ValueTask<long>(due);
            }

            return Arm(cancellationToken);
        }
    }

    public long GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registration.Dispose();
        bool finished;
        lock (_gate)
        {
            finished = _lastDue is not null;
        }

        if (!finished)
        {
            _driver.Abort(Id);
        }
    }

    /// <summary>Called by the driver, in token order, with each token's due timestamp.</summary>
    internal void Publish(long due, bool isLast)
    {
        lock (_gate)
        {
            if (isLast)
            {
                _lastDue = due;
            }

            if (!_waiting || (_onlyLast && !isLast))
            {
                if (!_onlyLast)
                {
                    _dues.Enqueue(due);
                }

                return;
            }

            _waiting = false;
        }

        _core.SetResult(due);
    }

    // Called under _gate.
    private ValueTask<long> Arm(CancellationToken cancellationToken)
    {
        _core.Reset();
        _waiting = true;
        if (cancellationToken.CanBeCanceled && _registration == default)
        {
            _cancellationToken = cancellationToken;
            _registration = cancellationToken.UnsafeRegister(static s => ((EngineStream)s!).Cancel(), this);
        }

        var task = new ValueTask<long>(this, _core.Version);

        // Registering a token that has already fired runs Cancel at once; one that fired while the writer was busy
        // (registered earlier) is caught here.
        if (_waiting && cancellationToken.IsCancellationRequested)
        {
            _waiting = false;
            _core.SetException(new OperationCanceledException(cancellationToken));
        }

        return task;
    }

    private void Cancel()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _core.SetException(new OperationCanceledException(_cancellationToken));
    }
}
