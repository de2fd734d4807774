using System.CommandLine;
using FakeAI.Cli.Embedded;
using FakeAI.Cli.Progress;
using FakeAI.Reports.Benchmarks;
using FakeAI.Reports.Runs;
using Spectre.Console;

namespace FakeAI.Cli.Benchmark;

/// <summary>
/// <c>fakeai bench [throughput|kv-cache|concurrent|memory|all]</c>: the targeted benchmark suite. Writes per-benchmark
/// Markdown and JSON, <c>report.html</c>, and for <c>all</c> <c>BENCHMARK_SUMMARY.md</c>. Exit code 1 when a benchmark failed.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var benchmark = new Argument<string>("benchmark")
        {
            Description = $"Which benchmark: {string.Join(", ", BenchRunner.Names)} or {BenchRunner.All}.",
            DefaultValueFactory = _ => BenchRunner.All,
        };
        var url = new Option<string?>("--url", "-u") { Description = "Server to benchmark; without it an embedded FakeAI server is started." };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer token sent with every request." };
        var quick = new Option<bool>("--quick") { Description = "Fewer requests and shorter phases everywhere." };
        var skipMemory = new Option<bool>("--skip-memory") { Description = "Leave out the memory benchmark from 'all'." };
        var outputDir = new Option<string>("--artifact-dir", "--output-artifact-dir", "--artifact-directory", "--output-dir", "-o")
        {
            Description = "Folder for the runs: each bench writes into its own bench-<UTC time> folder there, and bench-latest points at the last one.",
            DefaultValueFactory = _ => "benchmark-results",
        };
        var sustainedRps = new Option<double>("--sustained-rps")
        {
            Description = "Target rate of the concurrent benchmark's open-loop sustained test.",
            DefaultValueFactory = _ => 10,
        };
        var sustainedSeconds = new Option<double?>("--sustained-seconds") { Description = "Length of the sustained test (default 30 s, quick 10 s)." };
        var serverPid = new Option<int?>("--server-pid") { Description = "Read the server's memory from /proc/<pid>/status instead of its /metrics." };
        var memoryPhaseSeconds = new Option<double?>("--memory-phase-seconds") { Description = "Duration of every memory phase (default 60/60/120 s, quick 10/10/20 s)." };

        var noWarmup = new Option<bool>("--no-warmup") { Description = "Skip the warm-up requests before the first benchmark (the first test then absorbs the start-up work)." };
        var kvCache = new EmbeddedKvCacheOptions();

        var command = new Command("bench", "Targeted benchmarks: throughput, KV cache, concurrent connections, memory.")
        {
            benchmark, url, apiKey, quick, skipMemory, outputDir, sustainedRps, sustainedSeconds, serverPid, memoryPhaseSeconds, noWarmup,
        };
        kvCache.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(benchmark) ?? BenchRunner.All;
            if (name != BenchRunner.All && !BenchRunner.Names.Contains(name))
            {
                var hint = Parsing.Suggestions.Closest(name, [.. BenchRunner.Names, BenchRunner.All]) is { } closest ? $"did you mean {closest}? " : string.Empty;
                throw new UsageException($"unknown benchmark '{name}' ({hint}expected {string.Join(", ", BenchRunner.Names)} or {BenchRunner.All})");
            }

            var options = new BenchOptions
            {
                Url = new Uri("http://127.0.0.1"), // replaced by the target's URL once it answers, below
                ApiKey = parseResult.GetValue(apiKey),
                Quick = parseResult.GetValue(quick),
                OutputDir = parseResult.GetValue(outputDir) ?? "benchmark-results",
                SustainedRps = parseResult.GetValue(sustainedRps),
                SustainedSeconds = parseResult.GetValue(sustainedSeconds),
                ServerPid = parseResult.GetValue(serverPid),
                MemoryPhaseSeconds = parseResult.GetValue(memoryPhaseSeconds),
                Warmup = !parseResult.GetValue(noWarmup),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            OutputDirectory.EnsureWritable(options.OutputDir, "--artifact-dir");
            await using var target = await BenchmarkTarget.ConnectAsync(parseResult.GetValue(url), options.ApiKey, kvCache.Read(parseResult), console, cancellationToken);
            options = options with
            {
                Url = target.Url,
                EmbeddedServer = target.IsEmbedded,
                ServerSettings = target.Settings,
                OutputDir = RunFolder.Create(options.OutputDir, "bench", DateTimeOffset.UtcNow),
                StartEmbeddedServer = target.IsEmbedded ? target.StartEmbeddedAsync : null,
            };
            if (Failures.CrashContext.Current is { } crash)
            {
                crash.ArtifactDirectory = options.OutputDir; // an unexpected failure logs into this run's logs/
            }

            var results = await RunSequenceProgress.RunAsync(
                console,
                BenchContext.StepHeading,
                (lines, runs) => BenchRunner.RunAsync(options, name, parseResult.GetValue(skipMemory), target.Info, lines, runs, cancellationToken));
            var latest = RunFolder.MarkLatest(options.OutputDir, "bench");

            foreach (var r in results)
            {
                var colour = r.Status switch { "completed" => "green", "unsupported" => "yellow", _ => "red" };
                console.MarkupLine($"{Markup.Escape(r.Benchmark)}: [{colour}]{Markup.Escape(r.Status)}[/]{(r.Message is null ? string.Empty : " — " + Markup.Escape(r.Message))}");
            }

            console.MarkupLine($"Reports in [bold]{Markup.Escape(options.OutputDir)}[/] (report.html for everything)"
                + (latest is null ? string.Empty : $"; {Markup.Escape(latest)} points at this run"));
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled
                : results.Any(r => r.Status == "failed") ? ExitCodes.Failure
                : ExitCodes.Success;
        });
        return command;
    }
}
