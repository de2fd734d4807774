using System.Diagnostics;
using FakeAI.Bench.Client;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Timing;

namespace FakeAI.Bench.Load;

/// <summary>
/// Runs one phase (warmup or profiling). Closed loop: N workers, each sending its next conversation as soon as the last
/// finished. Open loop: a dedicated pacer thread sends on absolute deadlines (<see cref="OpenLoopPacer"/>), optionally
/// gated by a concurrency limit; a request that could not go out on time goes out at once and the schedule never moves.
/// Before the schedule starts, one in-memory exchange and a few pre-opened connections take the first-call costs out of
/// the first gaps. The pacer starts each send itself, on its own thread, up to the point where the request is on the
/// socket and the response is awaited: a hand-off to the thread pool would add that pool's queueing delay (milliseconds
/// when it is busy with responses) to every send. Every request records its intended start and its actual start, so the
/// lag is measured, not hidden.
/// </summary>
internal sealed class LoadPhase
{
    /// <summary>Below this the pacer sleeps with <c>nanosleep</c> (tens of µs late) instead of a millisecond-grained wait.</summary>
    private static readonly long PreciseSleepThreshold = Stopwatch.Frequency / 500;

    private readonly ProfileConfig _config;
    private readonly Dataset _dataset;
    private readonly RequestSender _sender;
    private readonly PhaseSettings _settings;
    private readonly ServerHealth _health;
    private readonly RecordJournal? _journal;
    private readonly Lock _planLock = new();
    private readonly Lock _recordsLock = new();
    private readonly List<RequestRecord> _records = [];
    private readonly LiveMedian _liveTtft = new();
    private readonly LiveMedian _liveItl = new();
    private int _completed;
    private int _errors;
    private int _inFlight;
    private long _sendDeadline = long.MaxValue;

    public LoadPhase(ProfileConfig config, Dataset dataset, RequestSender sender, PhaseSettings settings, ServerHealth health, RecordJournal? journal = null)
    {
        _health = health;
        _journal = journal;
        _config = config;
        _dataset = dataset;
        _sender = sender;
        _settings = settings;
    }

    public async Task<PhaseOutcome> RunAsync(IProgress<ProfileProgress>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Connections that will carry the first requests are opened before the start: otherwise the first wave's TTFT and
        // latency include a TCP (and TLS) handshake that no later request pays. Before the start gate too, so shards
        // that share a start instant do not each begin with a handshake.
        var warmConnections = _settings.Mode == LoadMode.Concurrency ? Math.Min(Workers, _settings.Plan.Count ?? int.MaxValue) : WarmConnections();
        await _sender.WarmUpAsync(_dataset.Conversations[0].Turns[0].Payloads[0], warmConnections, cancellationToken).ConfigureAwait(false);
        if (_settings.Start is { } gate)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var start = Stopwatch.GetTimestamp();
        long? hardEnd = null;
        if (_settings.Duration is { } duration)
        {
            _sendDeadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            hardEnd = _sendDeadline + (long)(_settings.GracePeriod.TotalSeconds * Stopwatch.Frequency);
        }

        using var progressLoop = new CancellationTokenSource();
        var reporter = ReportProgressAsync(progress, start, progressLoop.Token);
        Task sending = _settings.Mode == LoadMode.Concurrency
            ? RunClosedLoopAsync(stop.Token)
            : RunOpenLoopAsync(stop.Token);

        if (hardEnd is { } end)
        {
            // The grace period bounds how long in-flight requests may finish after sending stops.
            var remaining = TimeSpan.FromSeconds((double)(end - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            var finished = await Task.WhenAny(sending, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, CancellationToken.None)).ConfigureAwait(false);
            if (finished != sending)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        await sending.ConfigureAwait(false);
        var endTimestamp = Stopwatch.GetTimestamp();
        await progressLoop.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);
        progress?.Report(Snapshot(start));

        RequestRecord[] all;
        lock (_recordsLock)
        {
            all = [.. _records];
        }

        // Requests the run interrupted (Ctrl+C, end of grace) never completed: like aiperf, they are not results.
        var kept = all.Where(r => r.Error?.Type != "BenchmarkStopped" && (hardEnd is null || r.EndTimestamp <= hardEnd)).ToArray();
        return new PhaseOutcome(kept, start, endTimestamp, cancellationToken.IsCancellationRequested, all.Length - kept.Length, _health.LostReason);
    }

    private async Task RunClosedLoopAsync(CancellationToken token)
    {
        var workers = new Task[Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(
                async () =>
                {
                    while (!token.IsCancellationRequested && await WaitForServerAsync(token).ConfigureAwait(false) && TryTakeCredit(out var credit))
                    {
                        await ExecuteConversationAsync(credit, Stopwatch.GetTimestamp(), token).ConfigureAwait(false);
                    }
                },
                CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private int Workers => Math.Max(1, _settings.ConcurrencyLimit ?? 1);

    private async Task RunOpenLoopAsync(CancellationToken token)
    {
        var inFlight = new List<Task>();
        using var limit = _settings.ConcurrencyLimit is { } n ? new SemaphoreSlim(n, n) : null;
        var pacerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ThreadPriorityBoost.TryRaiseCurrentThread();
                Pace(inFlight, limit, token);
                pacerDone.SetResult();
            }
            catch (Exception e)
            {
                pacerDone.SetException(e);
            }
        })
        { IsBackground = true, Name = "fakeai-pacer" };
        thread.Start();
        await pacerDone.Task.ConfigureAwait(false);
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    /// <summary>Connections opened before the schedule starts: as many as it sends in its first 50 ms (at least one, at
    /// most 256), no more than the concurrency limit or the phase's requests allow. Later ones open as load needs them.</summary>
    private int WarmConnections()
    {
        var count = Math.Clamp((int)Math.Ceiling((_config.RequestRate ?? 0) * 0.05), 1, 256);
        return Math.Min(count, Math.Min(_settings.ConcurrencyLimit ?? int.MaxValue, _settings.Plan.Count ?? int.MaxValue));
    }

    private void Pace(List<Task> inFlight, SemaphoreSlim? limit, CancellationToken token)
    {
        var schedule = _settings.Schedule ?? throw new InvalidOperationException("An open-loop phase needs a schedule.");
        var pacer = new OpenLoopPacer(schedule, TimeProvider.System, SleepBriefly);
        while (!token.IsCancellationRequested && TryTakeCredit(out var credit))
        {
            if (!pacer.WaitFor(credit.Number, token, out var deadline) || !_health.WaitUntilSendable(token))
            {
                break;
            }

            if (limit is not null)
            {
                try
                {
                    limit.Wait(token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (_settings.Duration is not null && Stopwatch.GetTimestamp() >= _sendDeadline)
            {
                limit?.Release();
                break;
            }

            // Runs synchronously on this thread until the request has been written and the response is awaited.
            inFlight.Add(SendOnScheduleAsync(credit, deadline, limit, token));
        }
    }

    private async Task SendOnScheduleAsync(PlannedCredit credit, long intendedStart, SemaphoreSlim? limit, CancellationToken token)
    {
        try
        {
            await ExecuteConversationAsync(credit, intendedStart, token).ConfigureAwait(false);
        }
        finally
        {
            limit?.Release();
        }
    }

    /// <summary>The pacer's sleep: to about 2 ms before the end in millisecond-grained sleeps of at most 50 ms (so a
    /// cancelled run stops promptly), the rest with <c>nanosleep</c>. No spin: on a small machine a spinning pacer takes the
    /// core that the sends and the server need.</summary>
    private static void SleepBriefly(TimeSpan duration)
    {
        var remaining = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (remaining > PreciseSleepThreshold)
        {
            // Millisecond waits overshoot by up to ~1 ms, hence the margin.
            var sleepMs = (int)((remaining - PreciseSleepThreshold) * 1000 / Stopwatch.Frequency);
            Thread.Sleep(Math.Clamp(sleepMs, 1, 50));
        }
        else
        {
            PreciseSleep.For(duration);
        }
    }

    private bool TryTakeCredit(out PlannedCredit credit)
    {
        lock (_planLock)
        {
            if (_settings.Duration is not null && Stopwatch.GetTimestamp() >= _sendDeadline)
            {
                credit = null!;
                return false;
            }

            return _settings.Plan.TryNext(out credit);
        }
    }

    private async Task ExecuteConversationAsync(PlannedCredit credit, long intendedStart, CancellationToken token)
    {
        var conversation = _dataset.Conversations[credit.ConversationIndex];
        var cancel = credit.Cancel;
        var correlationId = RequestIds.NewId();
        for (var turnIndex = 0; turnIndex < conversation.Turns.Count && !token.IsCancellationRequested; turnIndex++)
        {
            if (turnIndex > 0 && !await WaitForServerAsync(token).ConfigureAwait(false))
            {
                break;
            }

            var turn = conversation.Turns[turnIndex];
            if (turnIndex > 0 && turn.DelayMs > 0)
            {
                // The pause a user takes between turns; a stopped run does not wait it out.
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(turn.DelayMs), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var modelIndex = credit.ModelIndexes[turnIndex];
            var record = new RequestRecord
            {
                CreditNumber = credit.Number,
                Phase = _settings.Phase,
                ConversationId = conversation.SessionId,
                TurnIndex = turnIndex,
                RequestId = RequestIds.NewId(),
                CorrelationId = correlationId,
                Model = _config.Models[modelIndex],
                InputTokens = turn.InputTokens,
                IntendedStartTimestamp = turnIndex == 0 ? intendedStart : Stopwatch.GetTimestamp(),
            };
            Interlocked.Increment(ref _inFlight);
            await _sender.SendAsync(record, turn.Payloads[modelIndex], cancel ? TimeSpan.FromSeconds(_config.RequestCancellationDelaySeconds) : null, token).ConfigureAwait(false);
            Interlocked.Decrement(ref _inFlight);
            _health.Observe(record);
            if (record.Error?.Type != "BenchmarkStopped")
            {
                _journal?.Add(record);
            }

            lock (_recordsLock)
            {
                _records.Add(record);
            }

            if (!record.IsValid)
            {
                Interlocked.Increment(ref _errors);
            }
            else
            {
                AddLiveLatencies(record);
            }
        }

        Interlocked.Increment(ref _completed);
    }

    /// <summary>False when the server is lost (or the run cancelled) while sending is paused for an outage.</summary>
    private async ValueTask<bool> WaitForServerAsync(CancellationToken token)
    {
        try
        {
            return await _health.WaitUntilSendableAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReportProgressAsync(IProgress<ProfileProgress>? progress, long start, CancellationToken token)
    {
        if (progress is null)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                progress.Report(Snapshot(start));
            }
        }
        catch (OperationCanceledException)
        {
            // The phase finished.
        }
    }

    private ProfileProgress Snapshot(long start) => new(
        _settings.Phase,
        Volatile.Read(ref _completed),
        _settings.Plan.Count,
        Volatile.Read(ref _errors),
        Volatile.Read(ref _inFlight),
        Stopwatch.GetElapsedTime(start),
        _settings.Duration,
        _liveTtft.Median(),
        _liveItl.Median());

    /// <summary>Feeds the progress display's running medians (the final metrics are computed from the records).</summary>
    private void AddLiveLatencies(RequestRecord record)
    {
        var responses = record.ResponseTimestamps;
        if (_config.EffectiveStreaming)
        {
            _liveTtft.Add(Stopwatch.GetElapsedTime(record.StartTimestamp, responses[0]).TotalMilliseconds);
        }

        if (responses.Length > 1)
        {
            _liveItl.Add(Stopwatch.GetElapsedTime(responses[0], responses[^1]).TotalMilliseconds / (responses.Length - 1));
        }
    }
}
