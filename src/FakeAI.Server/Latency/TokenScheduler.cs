using FakeAI.Protocol.Timing;

namespace FakeAI.Server.Latency;

/// <summary>
/// Releases every stream's next token at its absolute due time. One dedicated thread keeps a priority queue of due
/// timestamps: it blocks until about a millisecond before the earliest one, then sleeps precisely to the exact instant and
/// releases everything that is due together. Thousands of concurrent streams therefore share one precise timer instead of
/// each paying the coarse, load-dependent lateness of <c>Task.Delay</c>.
/// </summary>
/// <remarks>
/// Time comes from <see cref="TimeProvider"/> timestamps. With <c>runThread: false</c> nothing runs by itself and tests
/// drive <see cref="ReleaseDue"/> after advancing a fake clock.
/// </remarks>
internal sealed class TokenScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<(ScheduledWait Wait, short Version), long> _queue = new();
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _wake = new(false, 0);
    private readonly ManualResetEventSlim _started = new(false, 0);
    private readonly List<(ScheduledWait Wait, short Version)> _due = [];
    private readonly Thread? _thread;
    private readonly long _blockThreshold;
    private long _earliestDue = long.MaxValue;
    private int _pending;
    private volatile bool _disposed;

    public TokenScheduler(TimeProvider time, bool runThread = true)
    {
        _time = time;
        TicksPerMillisecond = time.TimestampFrequency / 1000.0;
        _blockThreshold = (long)(2 * TicksPerMillisecond);
        if (runThread)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "FakeAI token scheduler" };
            _thread.Start();
            _started.Wait();
        }
    }

    public double TicksPerMillisecond { get; }

    /// <summary>
    /// Whether the releasing thread runs above normal priority. When the CPU is saturated, a thread at normal priority
    /// waits its turn behind request handling and every token leaves late by that wait.
    /// </summary>
    public bool RunsAtRaisedPriority { get; private set; }

    /// <summary>Waits that are armed and not yet released or cancelled (one per stream that is waiting for a token).</summary>
    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>Queue entries, including stale ones of cancelled waits that have not reached their due time yet.</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public long Now => _time.GetTimestamp();

    /// <summary>
    /// Completes when <c>Now</c> reaches <paramref name="dueTimestamp"/>, or faults when the wait's cancellation token
    /// fires; already-due waits complete synchronously.
    /// </summary>
    public ValueTask WaitUntilAsync(ScheduledWait wait, long dueTimestamp)
    {
        if (dueTimestamp <= _time.GetTimestamp())
        {
            return ValueTask.CompletedTask;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _pending);
        var task = wait.Arm(this);
        bool wakeThread;
        lock (_gate)
        {
            _queue.Enqueue((wait, wait.Version), dueTimestamp);
            wakeThread = dueTimestamp < _earliestDue;
            if (wakeThread)
            {
                _earliestDue = dueTimestamp;
            }
        }

        if (wakeThread)
        {
            _wake.Set();
        }

        return task;
    }

    /// <summary>Releases every wait that is due now; returns how many were released.</summary>
    public int ReleaseDue()
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            while (_queue.TryPeek(out var entry, out var due) && due <= now)
            {
                _queue.Dequeue();
                _due.Add(entry);
            }

            _earliestDue = _queue.TryPeek(out _, out var next) ? next : long.MaxValue;
        }

        var released = 0;
        foreach (var (wait, version) in _due)
        {
            if (wait.TryRelease(version))
            {
                released++;
            }
        }

        _due.Clear();
        return released;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Set();
        _thread?.Join();
        _wake.Dispose();
        _started.Dispose();
    }

    internal void OnWaitCompleted() => Interlocked.Decrement(ref _pending);

    private void Run()
    {
        RunsAtRaisedPriority = ThreadPriorityBoost.TryRaiseCurrentThread();
        _started.Set();
        while (!_disposed)
        {
            ReleaseDue();
            var earliest = Volatile.Read(ref _earliestDue);
            if (earliest == long.MaxValue)
            {
                WaitForWork(Timeout.Infinite);
                continue;
            }

            var remaining = earliest - _time.GetTimestamp();
            if (remaining > _blockThreshold)
            {
                // Block until ~1 ms before the deadline: the kernel's wake-up lateness is absorbed by the spin below.
                WaitForWork((int)((remaining / TicksPerMillisecond) - 1));
            }
            else if (remaining > 0)
            {
                // The last stretch: a precise short sleep rather than a spin, which would starve the streams' writers.
                PreciseSleep.For(TimeSpan.FromSeconds(remaining / (double)_time.TimestampFrequency));
            }
        }
    }

    private void WaitForWork(int milliseconds)
    {
        _wake.Wait(milliseconds);
        _wake.Reset();
    }
}
