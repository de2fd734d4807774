using System.Globalization;
using System.Net.Sockets;
using FakeAI.Bench.Client;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Bench.Load;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;
using FakeAI.Bench.Sharding;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench;

/// <summary>The engine facade: dataset → schedule → HTTP client → records → metrics. Console-free; the CLI and the
/// suite runner both call <see cref="RunAsync(ProfileConfig, IProgress{ProfileProgress}?, CancellationToken)"/>.</summary>
public static class ProfileRunner
{
    /// <summary>Runs the benchmark. Throws <see cref="ArgumentException"/> for an invalid config, <see cref="DatasetException"/>
    /// for bad input files and <see cref="ServerUnreachableException"/> before any load when the server cannot be reached.
    /// Cancelling <paramref name="cancellationToken"/> ends the run early and returns what completed, marked cancelled.</summary>
    public static Task<ProfileResult> RunAsync(ProfileConfig config, IProgress<ProfileProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(config, progress, TimeProvider.System, cancellationToken);

    public static Task<ProfileResult> RunAsync(ProfileConfig config, IProgress<ProfileProgress>? progress, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        RunAsync(config, null, progress, null, timeProvider, cancellationToken);

    /// <summary>
    /// Runs the benchmark over conversations the caller built (each turn's payload prebuilt for the config's model), e.g.
    /// a benchmark whose requests need a shape no dataset option describes; the config's dataset options are ignored.
    /// </summary>
    public static Task<ProfileResult> RunAsync(ProfileConfig config, Dataset dataset, IProgress<ProfileProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RunAsync(config, dataset, progress, null, TimeProvider.System, cancellationToken);
    }

    /// <summary>As above; with <paramref name="recordsPath"/> (given the config as run, e.g. a timestamped mooncake trace
    /// switched to fixed schedule), every profiling record is also appended to that JSONL as it completes, and the run's
    /// settings go next to it (<c>*.run.json</c>), so a killed run leaves its measurements on disk and its summary exports
    /// can be rebuilt (<see cref="RecordsRebuilder"/>).</summary>
    public static Task<ProfileResult> RunAsync(ProfileConfig config, IProgress<ProfileProgress>? progress, Func<ProfileConfig, string>? recordsPath, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        RunAsync(config, null, progress, recordsPath, timeProvider, cancellationToken);

    private static async Task<ProfileResult> RunAsync(
        ProfileConfig config, Dataset? given, IProgress<ProfileProgress>? progress, Func<ProfileConfig, string>? recordsPath, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(config));
        }

        var tokenizer = config.TokenizerPath is { } tokenizerPath ? LocalTokenizer.Load(tokenizerPath) : TokenizerService.Get(config.Tokenizer);
        var dataset = given ?? DatasetBuilder.Build(config, tokenizer);
        if (!config.FixedSchedule && config.CustomDatasetType == CustomDatasetType.MooncakeTrace && dataset.HasTimestamps)
        {
            // aiperf switches a timestamped mooncake trace to fixed-schedule replay automatically.
            config = config with { FixedSchedule = true };
        }

        await EnsureReachableAsync(config, cancellationToken).ConfigureAwait(false);

        var mode = config.ResolveLoadMode();
        var uri = config.RequestUri();
        var trust = config.Insecure ? TlsTrust.Insecure : config.CaFile is { } caFile ? TlsTrust.FromCaFile(caFile) : TlsTrust.System;
        using var pool = new BenchConnectionPool(uri, TimeSpan.FromSeconds(Math.Min(config.RequestTimeoutSeconds, 30)), trust);
        var sender = new RequestSender(pool, new RequestTemplate(uri, config.EffectiveStreaming, config.ApiKey, config.Headers, config.EndpointType == EndpointType.Messages), config);
        // Each phase draws its arrivals and its credits from generators of its own, seeded in a fixed order, so the
        // profiling plan is the same whatever the warmup does (and every shard of a run builds the same one).
        var random = config.RandomSeed is { } seed ? new Random(seed) : new Random();
        var profilingSeeds = (Arrivals: random.Next(), Credits: random.Next());
        var warmupSeeds = (Arrivals: random.Next(), Credits: random.Next());
        var shard = config.Shard ?? ShardSpec.Whole;
        var gate = config.StartAt is { } startAt ? new StartGate(startAt, timeProvider) : null;
        gate?.ThrowIfMissed();
        var clock = RunClock.StartNow(timeProvider);
        var metricsOptions = MetricsOptions.From(config);
        Func<string, int> countTokens = text => tokenizer.CountTokens(text);
        var journalPath = recordsPath?.Invoke(config);
        await using var journal = journalPath is null ? null : RecordJournal.Start(journalPath, clock, metricsOptions, countTokens, timeProvider);
        if (journalPath is not null)
        {
            await RunManifest.WriteAsync(RunManifest.PathFor(journalPath), RunManifest.From(config, completed: false, wasCancelled: false), CancellationToken.None).ConfigureAwait(false);
        }

        var health = new ServerHealth(TimeSpan.FromSeconds(config.ServerOutageTimeoutSeconds), token => CanConnectAsync(uri, token), timeProvider);

        if (shard.Share(config.WarmupRequestCount) > 0 && mode != LoadMode.FixedSchedule && !cancellationToken.IsCancellationRequested)
        {
            var warmup = new LoadPhase(config, dataset, sender, Settings(config, dataset, mode, BenchmarkPhase.Warmup, warmupSeeds, null), health);
            await warmup.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        var profiling = new LoadPhase(config, dataset, sender, Settings(config, dataset, mode, BenchmarkPhase.Profiling, profilingSeeds, gate), health, journal);
        var outcome = await profiling.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        var records = outcome.Records;
        MetricsSummary summary;
        if (journal is null)
        {
            summary = MetricsCalculator.Compute(records, metricsOptions, clock, countTokens);
        }
        else
        {
            // The journal already computed each record's metrics (the tokenizer's work); reuse them.
            var computed = await journal.CompleteAsync().ConfigureAwait(false);
            summary = MetricsCalculator.Summarize(
                [.. records.Select(r => computed.TryGetValue(r, out var metrics) ? metrics : MetricsCalculator.ComputeRecord(r, metricsOptions, clock, countTokens))],
                metricsOptions);
            await RunManifest.WriteAsync(RunManifest.PathFor(journalPath!), RunManifest.From(config, completed: true, outcome.WasCancelled), CancellationToken.None).ConfigureAwait(false);
        }

        return new ProfileResult
        {
            Config = config,
            Records = records,
            Metrics = summary,
            Dataset = dataset,
            Clock = clock,
            StartTime = clock.ToWallClock(outcome.StartTimestamp),
            EndTime = clock.ToWallClock(outcome.EndTimestamp),
            WasCancelled = outcome.WasCancelled,
            DroppedRequests = outcome.Dropped,
            ErrorSummary = Summarize(records),
            ServerLostReason = health.LostReason,
            Shard = config.Shard is null ? null : new ShardRun(shard, config.RandomSeed!.Value, PlanHash.Compute(config, dataset), config.StartAt),
        };
    }

    /// <summary>One phase's settings for this process: the whole run's plan and arrivals, of which a shard sends its part
    /// (<see cref="CreditPlan"/>), and its k6 share of the concurrency. The warmup is split by count, without stripes.</summary>
    internal static PhaseSettings Settings(ProfileConfig config, Dataset dataset, LoadMode mode, BenchmarkPhase phase, (int Arrivals, int Credits) seeds, StartGate? gate)
    {
        var shard = config.Shard ?? ShardSpec.Whole;
        var warmup = phase == BenchmarkPhase.Warmup;
        var duration = !warmup && config.BenchmarkDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        int? count = duration is not null ? null
            : warmup ? shard.Share(config.WarmupRequestCount)
            : mode == LoadMode.FixedSchedule || config.CustomDatasetType == CustomDatasetType.MooncakeTrace ? dataset.Conversations.Count
            : config.RequestCount;
        ArrivalSchedule? schedule = mode switch
        {
            LoadMode.RequestRate => ArrivalSchedule.Create(config.RequestRateMode, config.RequestRate!.Value, new Random(seeds.Arrivals)),
            LoadMode.FixedSchedule => FixedSchedule(config, dataset),
            _ => null,
        };
        var plan = new CreditPlan(config, dataset, count, warmup ? ShardSpec.Whole : shard, mode == LoadMode.Concurrency, new Random(seeds.Credits));
        int? limit = mode == LoadMode.Concurrency ? config.EffectiveConcurrency : mode == LoadMode.RequestRate ? config.Concurrency : null;
        return new PhaseSettings(phase, mode, plan, duration, TimeSpan.FromSeconds(config.BenchmarkGracePeriodSeconds), limit is { } l ? shard.Share(l) : null, schedule, gate);
    }

    private static FixedArrivalSchedule FixedSchedule(ProfileConfig config, Dataset dataset)
    {
        var timestamps = dataset.Conversations.Select(c => c.Turns[0].TimestampMs ?? 0).ToArray();
        var zero = config.FixedScheduleAutoOffset ? timestamps.Min() : config.FixedScheduleStartOffsetMs ?? 0;
        return new FixedArrivalSchedule(timestamps, zero);
    }

    private static List<ErrorSummaryEntry> Summarize(IReadOnlyList<RequestRecord> records) =>
        [.. records.Where(r => r.Error is not null)
            .GroupBy(r => r.Error!)
            .Select(g => new ErrorSummaryEntry(g.Key, g.Count()))
            .OrderByDescending(e => e.Count)];

    /// <summary>True when a TCP connection to the server opens (the outage probe; no request is sent).</summary>
    private static async Task<bool> CanConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(uri.DnsSafeHost, uri.Port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Opens one TCP connection to the server so a wrong URL fails in milliseconds, before any load.</summary>
    private static async Task EnsureReachableAsync(ProfileConfig config, CancellationToken cancellationToken)
    {
        var uri = config.RequestUri();
        // A wrong port is refused at once; only a silent host waits this long. The 3 s floor keeps a busy machine, whose
        // loopback connect can complete hundreds of milliseconds late, from failing a short --request-timeout-seconds run.
        var limitSeconds = Math.Clamp(config.RequestTimeoutSeconds, 3, 10);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(limitSeconds));
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(uri.DnsSafeHost, uri.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(string.Create(CultureInfo.InvariantCulture, $"cannot reach {uri}: no connection within {limitSeconds} s"));
        }
        catch (SocketException e)
        {
            throw new ServerUnreachableException($"cannot reach {uri}: {e.Message}", e);
        }
    }
}
