using FakeAI.Server.Latency;

namespace FakeAI.Server.Engine;

/// <summary>
/// Runs one simulated worker's <see cref="EngineWorker"/> on the server's clock. A step is computed when it starts (its
/// batch is fixed then, as on a GPU) and its tokens are published to their streams as due at the step's end; the driver
/// then waits on the token scheduler until that end and starts the next step there, so steps are chained on absolute
/// time and never drift. An idle worker has no step pending and costs nothing: the next request to arrive starts a
/// step at its arrival.
/// </summary>
/// <remarks>
/// The worker is guarded by one lock, taken by requests arriving (<see cref="Enqueue"/>), streams ending
/// (<see cref="Abort"/>) and the step chain. Only one chain runs at a time; it runs on the thread that started it and
/// then on the token scheduler's thread, woken with the tokens it released.
/// </remarks>
internal sealed class EngineDriver : IDisposable
{
    private readonly Lock _gate = new();
    private readonly EngineWorker _worker;
    private readonly TokenScheduler _scheduler;
    private readonly EngineWorkerMetrics? _metrics;
    private readonly Dictionary<long, EngineStream> _streams = [];
    private readonly List<(EngineStream Stream, bool IsLast)> _published = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ScheduledWait _stepWait;
    private readonly StepLateness _lateness = new();
    private readonly long _origin;
    private bool _stepping;
    private long _nextId;

    /// <param name="options">Valid engine settings.</param>
    /// <param name="scheduler">The server's token scheduler: its clock is the engine's.</param>
    /// <param name="origin">The timestamp that is 0 ms in the engine's time.</param>
    /// <param name="metrics">Where each step and finished request are observed; null for none.</param>
    public EngineDriver(EngineOptions options, TokenScheduler scheduler, long origin, EngineWorkerMetrics? metrics = null)
    {
        _worker = new EngineWorker(options);
        _scheduler = scheduler;
        _origin = origin;
        _metrics = metrics;
        _stepWait = new ScheduledWait(_stopping.Token);
    }

    /// <summary>The worker's counters at this instant.</summary>
    public EngineWorkerSnapshot Snapshot()
    {
        lock (_gate)
        {
            return _worker.Snapshot();
        }
    }

    /// <summary>How late the worker's steps have started against their planned times so far.</summary>
    public StepLatenessSnapshot Lateness()
    {
        lock (_gate)
        {
            return _lateness.Snapshot();
        }
    }

    /// <summary>
    /// Queues a request that arrived at <paramref name="arrival"/> (a scheduler timestamp) and returns the stream its
    /// tokens' due times come on. A worker that was idle starts a step at once, timed from the arrival.
    /// </summary>
    public EngineStream Enqueue(int promptTokens, int cachedPrefixTokens, int outputTokens, long arrival)
    {
        EngineStream stream;
        double startMs;
        lock (_gate)
        {
            var id = ++_nextId;
            var arrivalMs = ToMs(arrival);
            _worker.Enqueue(new EngineRequest(id, promptTokens, cachedPrefixTokens, outputTokens), arrivalMs);
            stream = new EngineStream(this, id);
            _streams.Add(id, stream);
            if (_stepping)
            {
                return stream; // it joins the next step of the running chain
            }

            _stepping = true;
            startMs = Math.Max(arrivalMs, _worker.BusyUntilMs);
        }

        _ = RunAsync(startMs);
        return stream;
    }

    /// <summary>Takes a request out of the queue or the batch (its client went away); its KV blocks are freed at once.</summary>
    public void Abort(long id)
    {
        lock (_gate)
        {
            if (_streams.Remove(id))
            {
                _worker.Abort(id);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stepWait.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(double startMs)
    {
        try
        {
            var next = StepAndPublish(startMs, lateTicks: null);
            while (next is { } due)
            {
                // Continue on the thread that released the wait (the scheduler's), never on a captured context. Due one
                // tick before the step's end: the release that carries the step's tokens then wakes the driver first
                // (the scheduler releases in due order), so the next step and the lateness are not behind its writers.
                await _scheduler.WaitUntilAsync(_stepWait, due - 1).ConfigureAwait(false);
                next = StepAndPublish(null, _scheduler.Now - due);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _stopping.IsCancellationRequested)
        {
            // The server is stopping: the chain ends with it.
        }
    }

    /// <summary>
    /// Runs one step from <paramref name="startMs"/> (null: the previous step's end, reached
    /// <paramref name="lateTicks"/> late) and publishes its tokens; returns the step's end as a timestamp, or null when
    /// the worker has gone idle and the chain ends.
    /// </summary>
    private long? StepAndPublish(double? startMs, long? lateTicks)
    {
        long end;
        lock (_gate)
        {
            if (lateTicks is { } late)
            {
                var lateMs = late / _scheduler.TicksPerMillisecond;
                _lateness.Record(lateMs);
                _metrics?.ObserveLateness(lateMs);
            }

            if (!_worker.HasWork)
            {
                _stepping = false;
                return null;
            }

            var result = _worker.Step(startMs ?? _worker.BusyUntilMs);
            if (result.IsEmpty)
            {
                // Unreachable with a request that fits (Enqueue refuses others), but a stalled chain must not spin.
                _stepping = false;
                return null;
            }

            end = ToTimestamp(result.EndMs);
            foreach (var emission in result.Emissions)
            {
                if (!_streams.TryGetValue(emission.RequestId, out var stream))
                {
                    continue;
                }

                if (emission.IsLast)
                {
                    _streams.Remove(emission.RequestId);
                }

                _published.Add((stream, emission.IsLast));
            }

            _metrics?.Observe(result);
        }

        // Outside the lock: a waiting writer's continuation runs inline here and may end its stream (Abort locks).
        foreach (var (stream, isLast) in _published)
        {
            stream.Publish(end, isLast);
        }

        _published.Clear();
        return end;
    }

    private double ToMs(long timestamp) => (timestamp - _origin) / _scheduler.TicksPerMillisecond;

    private long ToTimestamp(double ms) => _origin + (long)Math.Round(ms * _scheduler.TicksPerMillisecond);
}
