using System.Diagnostics;
using System.Globalization;
using FakeAI.Server;
using FakeAI.Server.Engine;
using FakeAI.Server.Latency;

namespace FakeAI.LoadTool;

/// <summary>
/// The engine without HTTP: N closed-loop sequences (each replaced by a new request as soon as its last token is
/// released) on the server's own token scheduler, timed either by <see cref="EngineDriver"/>s (<c>batching</c>, one per
/// worker, each sequence on worker index mod N) or by fixed latency plans (<c>delay</c>, the delay line). Each
/// sequence waits for every token's due time on the scheduler exactly as a stream writer does, but writes nothing, so
/// the CPU measured is the engine's and the scheduler's own. After a warm-up it reports, over the measured window, the
/// process CPU per released token, how late tokens were released, and (batching) each worker's step lateness.
/// </summary>
internal static class EngineInProcess
{
    // Usage: FakeAI.LoadTool engine batching|delay SEQUENCES WORKERS PROMPT OUTPUT WARMUP_S SECONDS TTFT_MS ITL_MS MAX_NUM_SEQS
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args[0];
        var sequences = Int(args[1]);
        var workers = Int(args[2]);
        var prompt = Int(args[3]);
        var output = Int(args[4]);
        var warmup = double.Parse(args[5], CultureInfo.InvariantCulture);
        var seconds = double.Parse(args[6], CultureInfo.InvariantCulture);
        var ttft = double.Parse(args[7], CultureInfo.InvariantCulture);
        var itl = double.Parse(args[8], CultureInfo.InvariantCulture);
        var maxNumSeqs = Int(args[9]);

        using var scheduler = new TokenScheduler(TimeProvider.System);
        var origin = scheduler.Now;
        var drivers = mode == "batching"
            ? Enumerable.Range(0, workers).Select(_ => new EngineDriver(EngineOptionsFor(ttft, itl, maxNumSeqs), scheduler, origin)).ToArray()
            : [];
        var release = new StepLateness();
        var releaseGate = new Lock();
        var tokens = 0L;
        var measuring = false;
        using var stop = new CancellationTokenSource();

        async Task SequenceAsync(int index)
        {
            using var wait = new ScheduledWait();
            while (!stop.IsCancellationRequested)
            {
                var now = scheduler.Now;
                using var engine = drivers.Length > 0
                    ? drivers[index % drivers.Length].Enqueue(prompt, 0, output, now)
                    : null;
                var plan = engine is null
                    ? new LatencyPlan(now, scheduler.TicksPerMillisecond, LatencySpec.Exact(ttft), 0, LatencySpec.Exact(itl), 0)
                    : new LatencyPlan(engine);
                for (var i = 0; i < output; i++)
                {
                    var due = await plan.NextDueAsync(CancellationToken.None);
                    await scheduler.WaitUntilAsync(wait, due);
                    if (Volatile.Read(ref measuring))
                    {
                        var late = (scheduler.Now - due) / scheduler.TicksPerMillisecond;
                        lock (releaseGate)
                        {
                            release.Record(late);
                        }

                        Interlocked.Increment(ref tokens);
                    }
                }
            }
        }

        // Stagger the first requests over one output's duration, as the HTTP load tool does, so the load is steady.
        var spreadMs = ttft + (output * itl);
        var tasks = new Task[sequences];
        for (var i = 0; i < sequences; i++)
        {
            var start = i * spreadMs / sequences;
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(start));
                await SequenceAsync(index);
            });
        }

        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var lateBefore = drivers.Select(d => d.Lateness()).ToArray();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wallBefore = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(wallBefore).TotalSeconds;
        var measured = Interlocked.Read(ref tokens);
        await stop.CancelAsync();

        string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine($"engine={mode} sequences={sequences} workers={workers} prompt={prompt} output={output} ttft={F(ttft, "F0")} itl={F(itl, "F0")} max_num_seqs={maxNumSeqs} window_s={F(wall, "F1")} scheduler_raised_priority={scheduler.RunsAtRaisedPriority}");
        Console.WriteLine($"tokens={measured} tokens_per_s={F(measured / wall, "F0")} cpu_s={F(cpu)} cpu_cores={F(cpu / wall, "F2")} cpu_us_per_token={F(cpu * 1e6 / measured)}");
        lock (releaseGate)
        {
            var r = release.Snapshot();
            Console.WriteLine($"token_release_lateness_ms p50={F(r.P50Ms)} p99={F(r.P99Ms)} max={F(r.MaxMs)} count={r.Count}");
        }

        for (var w = 0; w < drivers.Length; w++)
        {
            var s = drivers[w].Lateness();
            var steps = s.Count - lateBefore[w].Count;
            Console.WriteLine($"worker {w}: step_lateness_ms (whole run incl. warm-up) p50={F(s.P50Ms)} p99={F(s.P99Ms)} max={F(s.MaxMs)} steps={s.Count} (window {steps}) running={drivers[w].Snapshot().Running} waiting={drivers[w].Snapshot().Waiting}");
        }

        foreach (var driver in drivers)
        {
            driver.Dispose();
        }

        return 0;
    }

    // The server's derivation (FakeAIServerOptions.ToEngineOptions) at its default reference prompt, with room in the KV
    // cache for every sequence (as --kv-capacity-blocks 65536 in benchmarks/engine-scale.sh): no preemption.
    private static EngineOptions EngineOptionsFor(double ttft, double itl, int maxNumSeqs) => new()
    {
        MaxNumSeqs = maxNumSeqs,
        CapacityBlocks = 65_536,
        StepTime = StepTimeModel.FromLatencies(ttft, itl, 1024, new EngineOptions().MaxNumBatchedTokens),
    };

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
