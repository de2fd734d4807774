namespace FakeAI.Server.Limits;

/// <summary>
/// At most N requests generate at once; the next ones wait in a bounded FIFO queue and get the slots in arrival order as
/// they free up. A waiter leaves the queue when its client disconnects or when it has waited the queue timeout.
/// </summary>
internal sealed class ConcurrencyGate
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private readonly int _slots;
    private readonly int _maxQueue;
    private readonly TimeSpan? _timeout;
    private int _running;

    public ConcurrencyGate(TimeProvider time, int slots, int? maxQueue, TimeSpan? timeout)
    {
        _time = time;
        _slots = slots;
        _maxQueue = maxQueue ?? int.MaxValue;
        _timeout = timeout;
    }

    /// <summary>What a wait for a slot ended with.</summary>
    public enum Outcome
    {
        /// <summary>The request holds a slot and must <see cref="Release"/> it.</summary>
        Granted,

        /// <summary>The queue was full; the request never waited.</summary>
        QueueFull,

        /// <summary>The request waited the queue timeout without getting a slot.</summary>
        TimedOut,

        /// <summary>The client disconnected while the request waited.</summary>
        Abandoned,
    }

    public int Slots => _slots;

    /// <summary>Requests holding a slot.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Requests waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Takes a slot if one is free and nobody is waiting for it (the common case: no allocation, no wait).</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_running < _slots && _queue.Count == 0)
            {
                _running++;
                return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Takes a slot, waiting in line for it if needed; <paramref name="queued"/> runs when the request joins the queue.
    /// Any outcome but <see cref="Outcome.Granted"/> means the request holds no slot and is no longer in the queue.
    /// </summary>
    public async Task<Outcome> EnterAsync(Action? queued, CancellationToken aborted)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (_running < _slots && _queue.Count == 0)
            {
                _running++;
                return Outcome.Granted;
            }

            if (_queue.Count >= _maxQueue)
            {
                return Outcome.QueueFull;
            }

            waiter = new Waiter(this);
            waiter.Node = _queue.AddLast(waiter);
        }

        queued?.Invoke();
        using var timer = _timeout is { } timeout
            ? _time.CreateTimer(static w => ((Waiter)w!).Leave(Outcome.TimedOut), waiter, timeout, Timeout.InfiniteTimeSpan)
            : null;
        using var registration = aborted.UnsafeRegister(static w => ((Waiter)w!).Leave(Outcome.Abandoned), waiter);
        return await waiter.Task;
    }

    /// <summary>Frees a slot: the longest waiter gets it, or it becomes free.</summary>
    public void Release()
    {
        Waiter? next = null;
        lock (_gate)
        {
            if (_queue.First is { } first)
            {
                // The slot passes straight to the waiter, so a request arriving now cannot jump the queue.
                _queue.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _running--;
            }
        }

        next?.TrySetResult(Outcome.Granted);
    }

    private void Leave(Waiter waiter, Outcome outcome)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                // Already granted (or already gone): the slot is the waiter's.
                return;
            }

            _queue.Remove(waiter.Node);
        }

        waiter.TrySetResult(outcome);
    }

    /// <summary>One request waiting in line; its continuation runs on the thread pool, not on the releasing thread.</summary>
    private sealed class Waiter(ConcurrencyGate gate) : TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Leaves the queue (client gone or timed out) unless a slot was granted first.</summary>
        public void Leave(Outcome outcome) => gate.Leave(this, outcome);
    }
}
