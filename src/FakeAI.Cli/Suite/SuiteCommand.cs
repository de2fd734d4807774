using System.CommandLine;
using FakeAI.Bench;
using FakeAI.Cli.Embedded;
using FakeAI.Reports.Runs;
using FakeAI.Cli.Progress;
using FakeAI.Reports.Suite;
using Spectre.Console;

namespace FakeAI.Cli.Suite;

/// <summary>
/// <c>fakeai suite</c>: the automated runner. Sweeps models × concurrency × streaming through the in-process profile
/// engine and writes <c>benchmark_summary.json</c>, <c>BENCHMARK_REPORT.md</c>, <c>report.html</c> and charts.
/// Exit code 1 when any run failed.
/// </summary>
internal static class SuiteCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var url = new Option<string?>("--url", "-u") { Description = "Server to benchmark; without it an embedded FakeAI server is started." };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer token sent with every request." };
        var models = new Option<string[]>("--models", "-m")
        {
            Description = "Models to benchmark, space- or comma-separated.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. SuiteOptions.DefaultModels],
        };
        var concurrency = new Option<int[]?>("--concurrency")
        {
            Description = "Concurrency levels, replacing the default list (full: 10 50 100 250 500; quick: 50).",
            AllowMultipleArgumentsPerToken = true,
        };
        var quick = new Option<bool>("--quick") { Description = "Per model one streaming run at concurrency 50: 100 requests, ISL 128, OSL 100." };
        var artifactDir = new Option<string>("--artifact-dir", "--output-artifact-dir", "--artifact-directory", "--output-dir", "-o")
        {
            Description = "Folder for the runs: each suite writes into its own suite-<UTC time> folder there, and suite-latest points at the last one.",
            DefaultValueFactory = _ => "artifacts",
        };
        var endpointType = new Option<string>("--endpoint-type")
        {
            Description = "chat, completions or embeddings.",
            DefaultValueFactory = _ => "chat",
        };

        var noWarmup = new Option<bool>("--no-warmup") { Description = "Skip the warm-up requests before the first measured run (the first run then absorbs the start-up work)." };
        var kvCache = new EmbeddedKvCacheOptions();

        var command = new Command("suite", "Run the benchmark matrix (models × concurrency × streaming) and write a summary, report and charts.")
        {
            url, apiKey, models, concurrency, quick, artifactDir, endpointType, noWarmup,
        };
        kvCache.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!EndpointTypes.TryParse(parseResult.GetValue(endpointType), out var type))
            {
                throw new UsageException($"--endpoint-type '{parseResult.GetValue(endpointType)}' is not one of chat, completions, embeddings");
            }

            var options = new SuiteOptions
            {
                Url = string.Empty, // known once the target server answers, below
                ApiKey = parseResult.GetValue(apiKey),
                Models = ListValues.Split(parseResult.GetValue(models)),
                Concurrency = parseResult.GetValue(concurrency) is { Length: > 0 } levels ? levels : null,
                Quick = parseResult.GetValue(quick),
                ArtifactDir = parseResult.GetValue(artifactDir) ?? "artifacts",
                EndpointType = type,
                Warmup = !parseResult.GetValue(noWarmup),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            OutputDirectory.EnsureWritable(options.ArtifactDir, "--artifact-dir");
            await using var target = await BenchmarkTarget.ConnectAsync(parseResult.GetValue(url), options.ApiKey, kvCache.Read(parseResult), console, cancellationToken);
            var baseDirectory = options.ArtifactDir;
            options = options with
            {
                Url = target.Url.ToString().TrimEnd('/'),
                ServerSettings = target.Settings,
                ArtifactDir = RunFolder.Create(baseDirectory, "suite", DateTimeOffset.UtcNow),
            };
            if (Failures.CrashContext.Current is { } crash)
            {
                crash.ArtifactDirectory = options.ArtifactDir; // an unexpected failure logs into this run's logs/
            }

            var summary = await RunSequenceProgress.RunAsync(console, SuiteRunner.RunHeading, (lines, runs) => SuiteRunner.RunAsync(options, lines, runs, cancellationToken));
            var latest = RunFolder.MarkLatest(options.ArtifactDir, "suite");
            console.Write(SuiteSummaryTable.Render(summary));

            console.MarkupLine(FormattableString.Invariant(
                $"{summary.Total} runs, [green]{summary.Successful} successful[/], {(summary.Failed > 0 ? "[red]" : "[green]")}{summary.Failed} failed[/]"));
            console.MarkupLine($"Report: [bold]{Markup.Escape(Path.Combine(options.ArtifactDir, SuiteRunner.ReportFileName))}[/] and report.html"
                + (latest is null ? string.Empty : $" ({Markup.Escape(latest)} points at this run)"));
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : summary.Failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
