using System.Diagnostics;
using FakeAI.Bench;
using FakeAI.Bench.Memory;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using FakeAI.Reports.Runs;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// The server's resident memory under low (5 rps, 60 s), medium (20 rps, 60 s) and long-running (10 rps, 120 s) open-loop
/// load; quick: 10/10/20 s. Memory comes from the server's <c>/metrics</c> (<c>process_resident_memory_bytes</c>, so it
/// works remotely) or <c>/proc/&lt;pid&gt;/status</c> with <c>--server-pid</c>. Each phase reports growth, per-request
/// overhead and a least-squares leak test that allows for garbage not yet collected (<see cref="LeakDetector.Assess"/>).
/// </summary>
internal static class MemoryBenchmark
{
    public const string Name = "memory";

    /// <summary>Warm-up round size and the most rounds; quick runs do one round of 50.</summary>
    private const int WarmUpRoundRequests = 200;
    private const int MaxWarmUpRounds = 20;

    /// <summary>The server counts as warm after two rounds in a row that each grew its memory by less than this...</summary>
    private const double WarmUpSettledMegabytes = 0.5;

    /// <summary>...and, when it reports a KV cache, each filled it by less than this fraction (full caches stay full).</summary>
    private const double WarmUpSettledKvUsage = 0.01;

    /// <summary>
    /// Every prompt is unique and this long: 64 full KV blocks of 16 tokens, so a server with a prefix cache stores every
    /// request's blocks and must evict to stay bounded (FakeAI's default 4 × 16,384 blocks fill after ~1,024 requests,
    /// within the warm-up).
    /// </summary>
    private const int PromptTokens = 1024;

    public static async Task<BenchmarkOutput> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        (string Test, double Rps, double Seconds)[] phases =
        [
            ("Low load", 5, options.MemoryPhaseSeconds ?? (options.Quick ? 10 : 60)),
            ("Medium load", 20, options.MemoryPhaseSeconds ?? (options.Quick ? 10 : 60)),
            ("Long-running", 10, options.MemoryPhaseSeconds ?? (options.Quick ? 20 : 120)),
        ];
        var source = options.ServerPid is { } pid ? $"/proc/{pid}/status (VmRSS)" : "the server's /metrics (process_resident_memory_bytes)";
        try
        {
            _ = await ReadAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            var message = $"cannot read the server's memory from {source}: {e.Message}";
            context.Report("  " + message);
            var failed = context.Results(Name, "failed", message, []);
            return new BenchmarkOutput(failed, new ReportDocument("Memory Benchmark Results").Paragraph(message), [message]);
        }

        await WarmUpAsync(context, cancellationToken);

        var tests = new List<BenchTestResult>();
        var analyses = new Dictionary<string, MemoryLeakAssessment?>(StringComparer.Ordinal);
        foreach (var (test, rps, seconds) in phases)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var (result, analysis) = await RunPhaseAsync(context, test, rps, seconds, cancellationToken);
            tests.Add(result);
            analyses[test] = analysis;
        }

        var results = context.Results(Name, tests.TrueForAll(t => t.Success) ? "completed" : "failed", $"memory source: {source}", tests);
        var leaks = tests.Where(t => Get(t, "leak_detected") == 1).Select(t => t.Name).ToList();
        var highlights = new List<string>
        {
            Verdict(leaks),
            I($"Average growth: {N(tests.Select(t => Get(t, "growth_mb")).Where(v => v is not null).DefaultIfEmpty(0).Average())} MB; average per request: {N(tests.Select(t => Get(t, "kb_per_request")).Where(v => v is not null).DefaultIfEmpty(0).Average())} KB"),
        };
        return new BenchmarkOutput(results, BuildReport(results, analyses, source, options), highlights);
    }

    /// <summary>
    /// Unmeasured load until the server's memory stops growing: connection and buffer pools fill, tiered JIT
    /// compilation replaces its first code (a FakeAI server's JIT code grows for its first ~600-1,000 requests,
    /// docs/PERFORMANCE.md) and a prefix cache fills up, which would otherwise show up as growth in the first phases.
    /// Rounds of 200 requests run until two in a row are quiet, at most 20 rounds (growth comes in steps, so one quiet
    /// round proves little). Quiet: memory outside the managed heap grew by less than 0.5 MB (resident memory when the
    /// server does not report the heap, or when a collection ran in the round), and the KV cache, when the server
    /// reports one, filled by less than 1 %.
    /// </summary>
    private static async Task WarmUpAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var quick = context.Options.Quick;
        var round = quick ? 50 : WarmUpRoundRequests;
        var config = UniquePrompts(context, round) with { Concurrency = 10, RequestCount = round, RequestCountSet = true };
        var before = await ReadAsync(context, cancellationToken);
        var what = before.ManagedHeapMegabytes is null ? "resident memory" : "memory outside the managed heap";
        var settledRounds = 0;
        for (var i = 1; i <= (quick ? 1 : MaxWarmUpRounds) && !cancellationToken.IsCancellationRequested; i++)
        {
            _ = await ProfileRuns.RunAsync(config, cancellationToken);
            var after = await ReadAsync(context, cancellationToken);

            // Across a collection the heap drops while freed pages stay resident, so resident memory itself must settle.
            var collected = after.GarbageCollections != before.GarbageCollections;
            var grown = collected ? after.ResidentMegabytes - before.ResidentMegabytes : OutsideHeap(after) - OutsideHeap(before);
            var filled = after.KvCacheUsage - before.KvCacheUsage;
            var kv = after.KvCacheUsage is { } usage ? I($", KV cache {usage * 100:0} % full") : string.Empty;
            context.Report(I($"  warm-up round {i}: {round} requests at concurrency 10 (not measured), {(collected ? "resident memory (collected)" : what)} {grown:+0.0;-0.0;0.0} MB{kv}"));
            settledRounds = grown < WarmUpSettledMegabytes && (filled ?? 0) < WarmUpSettledKvUsage ? settledRounds + 1 : 0;
            if (settledRounds == 2)
            {
                return;
            }

            before = after;
        }

        static double OutsideHeap(ServerMemoryReading reading) => reading.ResidentMegabytes - (reading.ManagedHeapMegabytes ?? 0);
    }

    /// <summary>Non-streaming chat with <see cref="PromptTokens"/>-token random prompts, one per request (no prompt repeats).</summary>
    private static ProfileConfig UniquePrompts(BenchContext context, int requests) =>
        context.Config("meta-llama/Llama-3.1-8B-Instruct", false, PromptTokens, 50) with { ConversationNum = requests, SampleSequentially = true };

    private static async Task<(BenchTestResult Test, MemoryLeakAssessment? Assessment)> RunPhaseAsync(
        BenchContext context, string test, double rps, double seconds, CancellationToken cancellationToken)
    {
        context.Report(I($"  {test}: {rps:0.##} rps for {seconds:0.#} s"));
        var interval = TimeSpan.FromSeconds(Math.Max(0.5, seconds / 20));
        var completed = 0;
        var timeline = new List<BenchMemoryPoint>();
        var started = Stopwatch.GetTimestamp();
        var missed = 0;
        async Task SampleAsync()
        {
            ServerMemoryReading reading;
            try
            {
                reading = await ReadAsync(context, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // A reading lost under load leaves a gap in the timeline rather than ending the phase.
                Interlocked.Increment(ref missed);
                return;
            }

            lock (timeline)
            {
                timeline.Add(new BenchMemoryPoint(
                    Stopwatch.GetElapsedTime(started).TotalSeconds, Volatile.Read(ref completed), reading.ResidentMegabytes,
                    reading.ManagedHeapMegabytes, reading.GarbageCollections, reading.KvCacheUsage));
            }
        }

        var evictionsBefore = await EvictionsAsync(context.Probe, cancellationToken);
        await SampleAsync();
        // A few more prompts than the phase should send, so a catch-up burst does not repeat one.
        var config = UniquePrompts(context, (int)Math.Ceiling(rps * seconds * 1.1) + 10) with
        {
            RequestRate = rps,
            RequestRateMode = RequestRateMode.Constant,
            BenchmarkDurationSeconds = seconds,
            BenchmarkGracePeriodSeconds = 10,
            GracePeriodSet = true,
        };
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stopSampling.Token))
                {
                    await SampleAsync();
                }
            }
            catch (OperationCanceledException)
            {
                // The phase ended.
            }
        }, CancellationToken.None);
        var progress = new Progress<ProfileProgress>(p =>
        {
            Volatile.Write(ref completed, p.Completed);
            context.RunProgress?.Report(p);
        });
        var outcome = await ProfileRuns.RunAsync(config, progress, cancellationToken);
        await stopSampling.CancelAsync();
        await sampler;
        Volatile.Write(ref completed, outcome.Result?.Records.Count ?? completed);

        // Let the server settle (responses flushed, short-lived buffers collected) before the final reading.
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        await SampleAsync();
        var evictionsAfter = await EvictionsAsync(context.Probe, CancellationToken.None);

        if (timeline.Count == 0)
        {
            return (new BenchTestResult(test, false, $"no memory reading succeeded ({missed} attempts)", []), null);
        }

        var samples = timeline.Select(p => new MemorySample(p.ElapsedSeconds, p.ResidentMegabytes, p.ManagedHeapMegabytes, p.GarbageCollections)).ToList();
        var assessment = LeakDetector.Assess(samples);
        var analysis = assessment.Resident;
        var initial = timeline[0].ResidentMegabytes;
        var final = timeline[^1].ResidentMegabytes;
        var requests = outcome.Result?.Records.Count ?? 0;
        var metrics = new MetricList()
            .Add("requests", requests, MetricCatalog.RequestCount)
            .Higher("success_rate", requests == 0 ? null : 100.0 * outcome.Result!.SuccessCount / requests, "%")
            .Info("initial_mb", initial, "MB")
            .Info("final_mb", final, "MB")
            .Lower("peak_mb", timeline.Max(p => p.ResidentMegabytes), "MB")
            .Lower("growth_mb", final - initial, "MB")
            .Lower("growth_percent", initial == 0 ? null : (final - initial) / initial * 100, "%")
            .Lower("kb_per_request", requests == 0 ? null : (final - initial) * 1024 / requests, "KB")
            .Lower("slope_mb_per_min", analysis?.SlopeMegabytesPerMinute, "MB/min")
            .Lower("median_slope_mb_per_min", analysis?.MedianSlopeMegabytesPerMinute, "MB/min")
            .Info("r_squared", analysis?.RSquared, "")
            .Info("garbage_collections", assessment.GarbageCollections, "collections")
            .Lower("outside_heap_slope_mb_per_min", assessment.OutsideManagedHeap?.SlopeMegabytesPerMinute, "MB/min")
            .Lower("outside_heap_median_slope_mb_per_min", assessment.OutsideManagedHeap?.MedianSlopeMegabytesPerMinute, "MB/min")
            .Lower("heap_after_gc_slope_mb_per_min", assessment.HeapAfterCollections?.SlopeMegabytesPerMinute, "MB/min")
            .Lower("leak_detected", analysis is null ? null : assessment.LeakDetected ? 1 : 0, "bool")
            .Info("kv_cache_usage_start", timeline[0].KvCacheUsage * 100, "%")
            .Info("kv_cache_usage_end", timeline[^1].KvCacheUsage * 100, "%")
            .Info("kv_cache_evictions", evictionsAfter - evictionsBefore, "blocks")
            .Info("missed_samples", missed, "samples");
        var result = new BenchTestResult(test, outcome.Success, outcome.FailureReason, metrics.Items) { Timeline = timeline };
        var outside = assessment.OutsideManagedHeap is { } heapless
            ? I($", {assessment.GarbageCollections} GCs, outside the managed heap {N(heapless.SlopeMegabytesPerMinute, "0.###")} MB/min (median {N(heapless.MedianSlopeMegabytesPerMinute, "0.###")})")
            : string.Empty;
        var kv = timeline[0].KvCacheUsage is { } kvStart && timeline[^1].KvCacheUsage is { } kvEnd
            ? I($", KV cache {kvStart * 100:0} → {kvEnd * 100:0} % full")
            : string.Empty;
        context.Report(I($"    {initial:0.#} → {final:0.#} MB, slope {N(analysis?.SlopeMegabytesPerMinute, "0.###")} MB/min (median {N(analysis?.MedianSlopeMegabytesPerMinute, "0.###")}), R² {N(analysis?.RSquared, "0.###")}{outside}{kv}{(analysis is null ? string.Empty : ", " + LeakWord(assessment.LeakDetected))}"));
        return (result, assessment);
    }

    private static async Task<ServerMemoryReading> ReadAsync(BenchContext context, CancellationToken cancellationToken) =>
        context.Options.ServerPid is { } pid
            ? new ServerMemoryReading(await ServerProbe.ReadProcessResidentMegabytesAsync(pid, cancellationToken), null, null)
            : await context.Probe.ReadMemoryAsync(cancellationToken)
              ?? throw new InvalidOperationException("/metrics has no process_resident_memory_bytes gauge (pass --server-pid for a local server)");

    private static ReportDocument BuildReport(BenchResultFile results, Dictionary<string, MemoryLeakAssessment?> analyses, string source, BenchOptions options)
    {
        var doc = new ReportDocument("Memory Benchmark Results")
            .Paragraph(I($"Server: {results.ServerUrl}. Memory source: {source}. Mode: {(results.Quick ? "quick" : "full")}."));
        if (options.EmbeddedServer)
        {
            doc.Paragraph("Note: the server is embedded in the benchmarking process, so resident memory includes the load generator. Run `fakeai server` separately and pass --url for server-only figures.");
        }

        doc.Heading("Summary").Table(
            ["Test", "Requests", "Initial (MB)", "Final (MB)", "Peak (MB)", "Growth (MB)", "KB/request", "Slope (MB/min)", "Median slope (MB/min)", "R²", "GCs", "Outside heap (MB/min)", "Outside heap, median (MB/min)", "Leak?"],
            results.Tests.Select(t => (IReadOnlyList<string>)
            [
                t.Success ? t.Name : t.Name + " (FAILED)", N(Get(t, "requests"), "0"), N(Get(t, "initial_mb"), "0.0"), N(Get(t, "final_mb"), "0.0"),
                N(Get(t, "peak_mb"), "0.0"), N(Get(t, "growth_mb"), "+0.0;-0.0;0.0"), N(Get(t, "kb_per_request"), "0.00"),
                N(Get(t, "slope_mb_per_min"), "0.###"), N(Get(t, "median_slope_mb_per_min"), "0.###"), N(Get(t, "r_squared"), "0.###"),
                N(Get(t, "garbage_collections"), "0"), N(Get(t, "outside_heap_slope_mb_per_min"), "0.###"),
                N(Get(t, "outside_heap_median_slope_mb_per_min"), "0.###"), Get(t, "leak_detected") == 1 ? "**yes**" : "no",
            ]),
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
            .Paragraph(I($"Leak rule: least-squares slope of RSS over time > {LeakDetector.LeakThresholdMegabytesPerMinute} MB/min, and the fit is significant: R² ≥ {LeakDetector.MinimumRSquared} and the slope's t statistic beyond the two-sided 5 % critical value of Student's t with n − 2 degrees of freedom; and the median of the slopes between every pair of samples (Theil–Sen) > {LeakDetector.LeakThresholdMegabytesPerMinute} MB/min too, so a step or two (a new thread, JIT code) is not taken for steady growth.")
                + " Between collections a garbage-collected server holds every byte it allocated, garbage or not, so its resident growth proves nothing by itself: "
                + "when the server reports its managed heap and collection count (dotnet_total_memory_bytes, dotnet_collection_count_total), the same test must also find a leak "
                + "in resident memory minus the managed heap over the longest stretch without a collection (\"Outside heap\"; there the collector's own memory grows with a heap that grows into fresh pages, so the line must also rise faster than "
                + I($"{LeakDetector.CollectorShareOfHeapGrowth:P0} of the heap's growth), or in the heap read first after each collection (at least 3)."));

        foreach (var test in results.Tests)
        {
            doc.Heading(test.Name, 3);
            if (test.Error is not null)
            {
                doc.Paragraph("Failed: " + test.Error);
            }

            var timeline = test.Timeline ?? [];
            if (Get(test, "kv_cache_usage_start") is { } kvStart && Get(test, "kv_cache_usage_end") is { } kvEnd)
            {
                var evicted = Get(test, "kv_cache_evictions") switch
                {
                    null => string.Empty,
                    0d => " No block was evicted during the phase: the cache never had to make room.",
                    var n => I($" {n:0} blocks were evicted during the phase to make room for new prompts (every prompt was unique)."),
                };
                doc.Paragraph(I($"The server's KV cache was {kvStart:0.#} % full at the start and {kvEnd:0.#} % at the end (mean of vllm:kv_cache_usage_perc over its workers).{evicted}"));
            }

            doc.Table(
                ["Time (s)", "Requests", "RSS (MB)", "Change (MB)"],
                timeline.Select(p => (IReadOnlyList<string>)[N(p.ElapsedSeconds, "0.0"), I($"{p.CompletedRequests}"), N(p.ResidentMegabytes, "0.0"), N(p.ResidentMegabytes - timeline[0].ResidentMegabytes, "+0.0;-0.0;0.0")]),
                0, 1, 2, 3);
            if (Chart(test, analyses.GetValueOrDefault(test.Name)) is { } chart && chart.Write(options.OutputDir))
            {
                doc.Chart(chart.Caption, chart.FileName);
            }
        }

        var leaks = results.Tests.Where(t => Get(t, "leak_detected") == 1).ToList();
        doc.Heading("Overall assessment").Paragraph(leaks.Count == 0
            ? Verdict([]) + "."
            : Verdict(leaks.Select(t => I($"{t.Name} ({N(Get(t, "slope_mb_per_min"), "0.###")} MB/min)"))) + ".");
        return doc;
    }

    /// <summary>
    /// Blocks the server's KV caches have evicted so far (<c>totals.evictions</c> of <c>/kv-cache/metrics</c>), or null
    /// when the server does not say, so the report states eviction only when it was measured.
    /// </summary>
    private static async Task<long?> EvictionsAsync(ServerProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(await probe.GetKvCacheMetricsAsync(cancellationToken));
            return json.RootElement.TryGetProperty("totals", out var totals) && totals.TryGetProperty("evictions", out var evictions)
                && evictions.TryGetInt64(out var count)
                ? count
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// A phase's memory over time, titled with the phase's verdict (the one in the table and the summary: the resident
    /// fit alone does not decide it), or null when the phase has no timeline.
    /// </summary>
    internal static ChartSpec? Chart(BenchTestResult test, MemoryLeakAssessment? assessment)
    {
        if (test.Timeline is not { Count: > 0 } timeline)
        {
            return null;
        }

        var verdict = Get(test, "leak_detected") is { } leak ? $" ({LeakWord(leak == 1)})" : string.Empty;
        var title = $"Memory: {test.Name}{verdict}";
        return new ChartSpec(
            "memory_" + ThroughputBenchmark.Slug(test.Name) + ".png",
            title,
            () => ChartRenderer.BuildMemoryTimeline(
                title, [.. timeline.Select(p => new MemorySample(p.ElapsedSeconds, p.ResidentMegabytes, p.ManagedHeapMegabytes, p.GarbageCollections))], assessment?.Resident));
    }

    /// <summary>One phase's verdict, worded the same in the console, the chart titles and the summaries.</summary>
    internal static string LeakWord(bool leak) => leak ? "leak: yes" : "leak: no";

    /// <summary>The benchmark's verdict over its phases: "Memory leak: no" or "Memory leak: yes in …".</summary>
    internal static string Verdict(IEnumerable<string> leakingPhases)
    {
        var phases = leakingPhases.ToList();
        return phases.Count == 0 ? "Memory " + LeakWord(false) : "Memory " + LeakWord(true) + " in " + string.Join(", ", phases);
    }
}
