using System.Globalization;
using FakeAI.Bench;
using FakeAI.Bench.Export;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;
using FakeAI.Cli.Embedded;
using FakeAI.Cli.Progress;
using Spectre.Console;

namespace FakeAI.Cli.Profile;

/// <summary>Console output of <c>fakeai profile</c>: live progress, aiperf's metrics table (avg, min, max, p99, p90, p50,
/// std), the error summary and the written files.</summary>
internal sealed class ProfileRenderer(IAnsiConsole console)
{
    /// <summary>
    /// Runs <paramref name="run"/> with progress shown as a live panel on a terminal, as a line every 10 % or 10 s
    /// otherwise (logs), or not at all.
    /// </summary>
    public async Task<T> WithProgressAsync<T>(string ui, Func<IProgress<ProfileProgress>?, Task<T>> run)
    {
        if (ui == "none")
        {
            return await run(null);
        }

        var tracker = new ProgressTracker();
        if (console.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await console.Live(tracker.Panel(null)).AutoClear(false).StartAsync(async context =>
            {
                result = await run(new SynchronousProgress<ProfileProgress>(p =>
                {
                    tracker.Update(p);
                    context.UpdateTarget(tracker.Panel(null));
                }));
            });
            return result;
        }

        var throttle = new PlainProgressThrottle();
        var gate = new Lock();
        return await run(new SynchronousProgress<ProfileProgress>(p =>
        {
            lock (gate)
            {
                tracker.Update(p);
                if (throttle.ShouldPrint(p))
                {
                    console.Profile.Out.Writer.WriteLine(tracker.Line());
                }
            }
        }));
    }

    public void Note(string note) =>
        console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");

    public void StartingEmbeddedServer(Uri url, string settings) =>
        console.MarkupLineInterpolated($"[grey]Embedded FakeAI server listening on {url} ({settings})[/]");

    public void WarmedUp(int requests, bool embedded) =>
        console.MarkupLineInterpolated($"[grey]Warmed up: the client sent {requests} requests to a throwaway local server before the first measured request ({(embedded ? "the embedded server warmed itself at start" : "the measured server saw none of them")})[/]");

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

    public void Warnings(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
    }

    public void Rebuilt(RebuiltRun rebuilt)
    {
        var result = rebuilt.Result;
        console.Write(MetricsTable(result));
        if (result.ErrorSummary.Count > 0)
        {
            console.Write(ErrorTable(result.ErrorSummary));
        }

        console.WriteLine($"Rebuilt from {result.Metrics.Records.Count} records: {result.SuccessCount} succeeded, {result.ErrorCount} failed{(rebuilt.SkippedLines > 0 ? "; skipped a last line cut off when the run was killed" : "")}");
        if (result.WasCancelled)
        {
            console.MarkupLine("[yellow]warning:[/] the run did not finish; the results cover only the requests it recorded.");
        }

        console.WriteLine($"JSON Export: {rebuilt.JsonPath}");
        console.WriteLine($"CSV Export: {rebuilt.CsvPath}");
    }

    public void Merged(MergedRun merged)
    {
        var result = merged.Result;
        console.Write(MetricsTable(result));
        if (result.ErrorSummary.Count > 0)
        {
            console.Write(ErrorTable(result.ErrorSummary));
        }

        console.WriteLine($"Merged {result.MergedShardCount} shards, {result.Metrics.Records.Count} records: {result.SuccessCount} succeeded, {result.ErrorCount} failed");
        if (result.WasCancelled)
        {
            console.MarkupLine("[yellow]warning:[/] a shard did not finish; the results cover only the requests the shards recorded.");
        }

        console.WriteLine($"JSON Export: {merged.JsonPath}");
        console.WriteLine($"CSV Export: {merged.CsvPath}");
        console.WriteLine($"Records: {merged.RecordsPath}");
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
}
