using System.Globalization;
using FakeAI.Cli.Embedded;
using FakeAI.Cli.Server;
using FakeAI.Reports.Calibration;
using FakeAI.Reports.Runs;
using FakeAI.Server;
using Spectre.Console;

namespace FakeAI.Cli.Calibrate;

/// <summary>
/// <c>fakeai calibrate --verify engine.json</c>: runs the calibration sweep against the real server and against the twin
/// (the profile's engine in an embedded server), cell by cell so both see the same machine load, then prints and writes
/// the side-by-side table and charts. Exit 1 when a cell is off by more than <c>--max-error</c>.
/// </summary>
internal static class TwinVerifier
{
    public const string FolderPrefix = "verify";

    /// <summary>
    /// The twin's server: the profile's engine as <c>fakeai server --engine-profile</c> reads it, alone (one worker, as
    /// calibrate measured one engine) and without a prefix cache (the sweep's prompts are unique anyway). A missing or
    /// invalid profile is one usage line naming the file and every problem.
    /// </summary>
    public static FakeAIServerOptions TwinOptions(string profilePath, string workingDirectory)
    {
        var options = new FakeAIServerOptions { Host = "127.0.0.1", Port = 0 };
        var errors = new List<string>();
        EngineSettings.ApplyProfile(profilePath, "--verify", workingDirectory, options, ServerCommand.ReadFileOrNull, errors);
        options.KvCache.Workers = 1;
        options.KvCacheEnabled = false;
        if (errors.Count == 0)
        {
            errors.AddRange(options.Validate());
        }

        return errors.Count == 0 ? options : throw new UsageException(string.Join("; ", errors));
    }

    public static async Task<int> RunAsync(
        CalibrationSettings settings, string profilePath, string artifactDirectory, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var options = TwinOptions(profilePath, Environment.CurrentDirectory);
        OutputDirectory.EnsureWritable(artifactDirectory, "--artifact-dir");
        await using (await BenchmarkTarget.ConnectAsync(settings.Url.ToString(), settings.ApiKey, new KvCacheArguments(), console, cancellationToken))
        {
            // Reachable: the target answered; nothing else is needed from it here.
        }

        await using var twin = await FakeAIServer.StartAsync(options, cancellationToken);
        var points = settings.Points().ToArray();
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Verifying [bold]{Markup.Escape(profilePath)}[/] (twin at {Markup.Escape(twin.Url.ToString())}) against [bold]{Markup.Escape(settings.Url.ToString())}[/]: {points.Length} levels ({points.Sum(p => p.Requests)} requests each side) of {settings.OutputTokens}-token answers"));
        var started = DateTimeOffset.UtcNow;
        var cells = new List<TwinCell>();
        foreach (var point in points)
        {
            var real = await CalibrationSweep.MeasureAsync(settings, settings.Url, point, "verification stopped on the real server", cancellationToken);
            var predicted = await CalibrationSweep.MeasureAsync(settings, twin.Url, point, "verification stopped on the twin", cancellationToken);
            var cell = new TwinCell(point.Concurrency, point.PromptTokens, real, predicted);
            console.WriteLine(FormattableString.Invariant(
                $"  concurrency {point.Concurrency,3}, prompt {point.PromptTokens,5}: TTFT p50 {real.TtftP50Ms,9:0.00} / {predicted.TtftP50Ms,9:0.00} ms, ITL {real.ItlAvgMs,7:0.00} / {predicted.ItlAvgMs,7:0.00} ms, {real.RequestsPerSecond,7:0.00} / {predicted.RequestsPerSecond,7:0.00} requests/s (real / twin); worst {cell.Worst.Name} {TwinFormat.Percent(cell.Worst.Value)}"));
            cells.Add(cell);
        }

        var verification = new TwinVerification
        {
            Timestamp = started,
            Real = settings.Url.ToString(),
            Profile = Path.GetFullPath(profilePath),
            Model = settings.Model,
            OutputTokens = settings.OutputTokens,
            MaxError = settings.MaxError,
            Cells = cells,
        };
        console.Write(Table(verification));

        // Written only now: a sweep that stopped half-way leaves no folder behind.
        var folder = RunFolder.Create(artifactDirectory, FolderPrefix, started);
        var written = await TwinReport.WriteAsync(verification, folder, cancellationToken);
        RunFolder.MarkLatest(folder, FolderPrefix);
        var worst = cells.MaxBy(c => c.WorstError)!;
        console.WriteLine($"Worst cell: {TwinFormat.Worst(worst)} (--max-error {settings.MaxError.ToString("0.0%", CultureInfo.InvariantCulture)})");
        console.MarkupLine($"Verification: [bold]{Markup.Escape(written[0])}[/] (and {written.Count - 1} more files in that folder)");
        if (!verification.Passed)
        {
            throw new CliException(ExitCodes.Failure, string.Create(CultureInfo.InvariantCulture,
                $"the twin misses {verification.Failing.Count} of {cells.Count} cells by more than --max-error {settings.MaxError:0.0%}: {string.Join("; ", verification.Failing.Select(TwinFormat.Worst))}"));
        }

        return ExitCodes.Success;
    }

    private static Table Table(TwinVerification verification)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in TwinFormat.Headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        }

        foreach (var cell in verification.Cells)
        {
            table.AddRow([.. TwinFormat.Row(cell).Select(Markup.Escape)]);
        }

        return table;
    }
}
