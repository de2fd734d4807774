using System.Collections.Concurrent;
using System.Diagnostics;

namespace FakeAI.Fuzz;

/// <summary>The timed run: workers send generated cases back to back; a checker sends a normal chat request and reads
/// the resident memory every few seconds; the run stops early if the server process dies.</summary>
internal sealed class FuzzRun(FuzzOptions options, Uri server, ServerProcess? process, FuzzStats stats, TextWriter console)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, FuzzCase> _inFlight = new();
    private readonly List<string> _checkFailures = [];
    private readonly List<MemorySample> _memory = [];
    private long _next = -1;

    public int Checks { get; private set; }

    public IReadOnlyList<string> CheckFailures => _checkFailures;

    public IReadOnlyList<MemorySample> Memory => _memory;

    public double LongestCheckMilliseconds { get; private set; }

    public string? ServerDied { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public async Task RunAsync(ServerProbe probe)
    {
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(w, stop.Token))).ToArray();
        var nextCheck = TimeSpan.Zero;
        var nextLine = TimeSpan.FromSeconds(30);
        while (watch.Elapsed < duration && ServerDied is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            if (process is { HasExited: true })
            {
                ServerDied = $"the server process exited with code {process.ExitCode} after {watch.Elapsed.TotalSeconds:F1} s";
                break;
            }

            if (watch.Elapsed >= nextCheck)
            {
                nextCheck = watch.Elapsed + TimeSpan.FromSeconds(options.CheckEverySeconds);
                await CheckAsync(probe, watch.Elapsed);
            }

            if (watch.Elapsed >= nextLine)
            {
                nextLine += TimeSpan.FromSeconds(30);
                await console.WriteLineAsync(FormattableString.Invariant($"{watch.Elapsed.TotalSeconds,6:F0} s: {stats.Sent} requests, {stats.ServerErrors} 5xx, {stats.UnexpectedConnectionErrors} unexpected connection errors, {_checkFailures.Count} failed checks"));
            }
        }

        // No new cases; those in flight finish (each within the request timeout).
        await stop.CancelAsync();
        if (ServerDied is not null)
        {
            SaveInFlight();
        }

        await Task.WhenAll(workers);
        Elapsed = watch.Elapsed;
    }

    private async Task CheckAsync(ServerProbe probe, TimeSpan at)
    {
        Checks++;
        var (failure, milliseconds) = await probe.ChatAsync();
        LongestCheckMilliseconds = Math.Max(LongestCheckMilliseconds, milliseconds);
        if (failure is not null)
        {
            _checkFailures.Add(FormattableString.Invariant($"{at.TotalSeconds:F1} s: {failure}"));
        }

        var (sample, metricsFailure) = await probe.MemoryAsync();
        if (sample is not null)
        {
            _memory.Add(sample with { Seconds = at.TotalSeconds, Requests = stats.Sent });
        }
        else
        {
            _checkFailures.Add(FormattableString.Invariant($"{at.TotalSeconds:F1} s: {metricsFailure}"));
        }
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var fuzzCase = CaseFactory.Create(options.Seed, Interlocked.Increment(ref _next));
            if (options.Only is { } only && fuzzCase.Kind != only)
            {
                continue;
            }

            _inFlight[worker] = fuzzCase;
            var result = await RawExchange.SendAsync(server, fuzzCase.Request, fuzzCase.HalfClose, RequestTimeout, CancellationToken.None);
            _inFlight.TryRemove(worker, out _);
            stats.Record(fuzzCase, result);
        }
    }

    /// <summary>The requests on the wire when the server died: one of them may have killed it.</summary>
    private void SaveInFlight()
    {
        var directory = Path.Combine(options.Output, "findings");
        Directory.CreateDirectory(directory);
        foreach (var (_, fuzzCase) in _inFlight)
        {
            File.WriteAllBytes(Path.Combine(directory, $"inflight-{fuzzCase.Index:D8}.http"), fuzzCase.Request);
            File.WriteAllText(Path.Combine(directory, $"inflight-{fuzzCase.Index:D8}.txt"), $"in flight when the server died: {fuzzCase.Route}; mutation: {fuzzCase.Mutation}; half-close: {fuzzCase.HalfClose}\n");
        }
    }
}
