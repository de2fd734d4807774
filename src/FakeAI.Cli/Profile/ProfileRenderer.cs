using System.Globalization;
using FakeAI.Bench;
using FakeAI.Bench.Export;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;
using Spectre.Console;

namespace FakeAI.Cli.Profile;

/// <summary>Console output of <c>fakeai profile</c>: live progress, aiperf's metrics table (avg, min, max, p99, p90, p50,
/// std), the error summary and the written files.</summary>
internal sealed class ProfileRenderer(IAnsiConsole console)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="run"/> with progress shown as a live bar on a terminal, plain lines otherwise, or not at all.</summary>
    public async Task<T> WithProgressAsync<T>(string ui, Func<IProgress<ProfileProgress>?, Task<T>> run)
    {
        if (ui == "none")
        {
            return await run(null);
        }

        if (console.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("starting", maxValue: 1);
                    result = await run(new CallbackProgress(p =>
                    {
                        task.Description = Describe(p);
                        task.MaxValue = Math.Max(1, p.Total ?? (p.Duration?.TotalSeconds ?? 1));
                        task.Value = p.Total is not null ? p.Completed : Math.Min(task.MaxValue, p.Elapsed.TotalSeconds);
                    }));
                    task.StopTask();
                });
            return result;
        }

        long lastPrinted = 0;
        var gate = new Lock();
        return await run(new CallbackProgress(p =>
        {
            lock (gate)
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (lastPrinted == 0 || System.Diagnostics.Stopwatch.GetElapsedTime(lastPrinted, now) >= PlainInterval)
                {
                    lastPrinted = now;
                    console.WriteLine(Describe(p));
                }
            }
        }));
    }

    public void Note(string note) =>
        console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");

    public void StartingEmbeddedServer(Uri url) =>
        console.MarkupLineInterpolated($"[grey]Embedded FakeAI server listening on {url}[/]");

    public void Charts(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            console.WriteLine($"Chart: {path}");
        }
    }

    public void Summary(ProfileResult result, ProfileArtifacts artifacts)
    {
        console.Write(MetricsTable(result));
        if (result.ErrorSummary.Count > 0)
        {
            console.Write(ErrorTable(result.ErrorSummary));
        }

        console.WriteLine($"CLI Command: {result.Config.CliCommand}");
        var duration = result.Metrics.Get(MetricCatalog.BenchmarkDuration.Tag)?.Avg;
        var durationText = duration is { } d ? d.ToString("F2", CultureInfo.InvariantCulture) : "N/A";
        console.WriteLine($"Benchmark Duration: {durationText} sec{(result.WasCancelled ? " (cancelled early)" : "")}");
        console.WriteLine($"Requests: {result.SuccessCount} succeeded, {result.ErrorCount} failed");
        if (result.DroppedRequests > 0)
        {
            console.WriteLine($"Interrupted requests left out of the results: {result.DroppedRequests}");
        }

        console.WriteLine($"JSON Export: {artifacts.JsonPath}");
        console.WriteLine($"CSV Export: {artifacts.CsvPath}");
        console.WriteLine($"Records Export: {artifacts.RecordsPath}");
        console.WriteLine($"Inputs: {artifacts.InputsPath}");
        if (result.WasCancelled)
        {
            console.MarkupLine("[yellow]warning:[/] the run was cancelled; the results cover only the requests that completed.");
        }
    }

    public void Failure(string message) => CliApp.WriteError(console, message);

    public void Warnings(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
    }

    private static Table MetricsTable(ProfileResult result)
    {
        var table = new Table().Title(EndpointTitle(result.Config.EndpointType));
        table.AddColumn("Metric");
        foreach (var column in new[] { "avg", "min", "max", "p99", "p90", "p50", "std" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var definition in MetricCatalog.ConsoleOrder)
        {
            if (definition.Has(MetricTraits.NoConsole) || definition.Has(MetricTraits.ErrorOnly) || result.Metrics.Get(definition.Tag) is not { } metric)
            {
                continue;
            }

            var label = $"{metric.Header} ({metric.Unit})";
            if (metric.Stats is { } s)
            {
                table.AddRow(Markup.Escape(label), N(s.Avg), N(s.Min), N(s.Max), N(s.Percentile(99)), N(s.Percentile(90)), N(s.Percentile(50)), N(s.Std));
            }
            else
            {
                table.AddRow(Markup.Escape(label), N(metric.Avg), "N/A", "N/A", "N/A", "N/A", "N/A", "N/A");
            }
        }

        return table;
    }

    private static Table ErrorTable(IReadOnlyList<ErrorSummaryEntry> errors)
    {
        var table = new Table().Title("FakeAI Profile | Error Summary");
        table.AddColumn("Code");
        table.AddColumn("Type");
        table.AddColumn("Message");
        table.AddColumn(new TableColumn("Count").RightAligned());
        foreach (var entry in errors)
        {
            var message = entry.Details.Message.Length > 200 ? entry.Details.Message[..200] + "…" : entry.Details.Message;
            table.AddRow(
                entry.Details.Code?.ToString(CultureInfo.InvariantCulture) ?? "N/A",
                Markup.Escape(entry.Details.Type),
                Markup.Escape(message),
                entry.Count.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string EndpointTitle(EndpointType type) => type switch
    {
        EndpointType.Embeddings => "FakeAI Profile | Embeddings Metrics",
        EndpointType.Rankings => "FakeAI Profile | Rankings Metrics",
        _ => "FakeAI Profile | LLM Metrics",
    };

    private static string N(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    private static string Describe(ProfileProgress p)
    {
        var phase = p.Phase == BenchmarkPhase.Warmup ? "warmup" : "profiling";
        var target = p.Total is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Completed}/{total} requests")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Completed} requests, {p.Elapsed.TotalSeconds:F0}/{p.Duration?.TotalSeconds:F0} s");
        return string.Create(CultureInfo.InvariantCulture, $"{phase}: {target}, {p.Errors} errors, {p.InFlight} in flight, {p.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class CallbackProgress(Action<ProfileProgress> report) : IProgress<ProfileProgress>
    {
        public void Report(ProfileProgress value) => report(value);
    }
}
