using System.Text;
using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Export;

/// <summary>
/// Recomputes the summary exports (<c>profile_export_aiperf.json</c>, <c>.csv</c>) of a run from its per-request JSONL and
/// <c>*.run.json</c> manifest, e.g. after the run was killed: each line's metrics (display units) become the per-request
/// values again and go through the same <see cref="MetricsCalculator"/> summary. The JSON is marked
/// <c>rebuilt_from_records</c>, and <c>was_cancelled</c> unless the run had finished. A last line cut off by the kill is
/// skipped; any other malformed line is an error naming the file and line.
/// </summary>
public static class RecordsRebuilder
{
    /// <summary>Reads <paramref name="recordsPath"/> and its manifest and writes the two summary files into
    /// <paramref name="artifactDirectory"/>. Throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>
    /// for missing or malformed input.</summary>
    public static async Task<RebuiltRun> RebuildAsync(string artifactDirectory, string recordsPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactDirectory);
        ArgumentException.ThrowIfNullOrEmpty(recordsPath);
        var manifestPath = RunManifest.PathFor(recordsPath);
        if (!File.Exists(recordsPath))
        {
            throw new FileNotFoundException($"no per-request records at {recordsPath}", recordsPath);
        }

        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"{manifestPath} is missing: it is written by `fakeai profile` when the run starts", manifestPath);
        }

        RunManifest manifest;
        try
        {
            manifest = RunManifest.Read(manifestPath);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath}: {e.Message}", e);
        }

        var config = manifest.ToConfig();
        var options = MetricsOptions.From(config);
        var read = await ReadAsync(recordsPath, options, cancellationToken).ConfigureAwait(false);
        var perRecord = read.Lines.Select(l => l.Metrics).ToList();
        var firstStart = perRecord.Count == 0 ? 0 : perRecord.Min(m => m.StartUnixNs);
        var lastEnd = read.Lines.Count == 0 ? 0 : read.Lines.Max(l => l.EndNs);
        var result = new ProfileResult
        {
            Config = config,
            Records = [],
            Metrics = MetricsCalculator.Summarize(perRecord, options),
            Dataset = new Dataset([], Sequential: false),
            Clock = new RunClock(0, DateTimeOffset.UnixEpoch),
            StartTime = FromUnixNs(firstStart),
            EndTime = FromUnixNs(lastEnd),
            WasCancelled = !manifest.Completed || manifest.WasCancelled,
            ErrorSummary = SummarizeErrors(read.Lines),
            RebuiltFromRecords = true,
        };

        Directory.CreateDirectory(artifactDirectory);
        var (jsonPath, csvPath) = await ProfileExporter.WriteSummariesAsync(result, artifactDirectory, null, cancellationToken).ConfigureAwait(false);
        return new RebuiltRun(result, jsonPath, csvPath, read.SkippedLines);
    }

    /// <summary>Every line of a per-request JSONL back to its per-request values; a last line cut off by a kill is skipped
    /// (counted), any other malformed line throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    internal static async Task<RecordLines> ReadAsync(string recordsPath, MetricsOptions options, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(recordsPath, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        var read = new List<RecordLine>(lines.Length);
        var skipped = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                var (metrics, error, endNs) = ReadLine(document.RootElement, options);
                read.Add(new RecordLine(lines[i], metrics, error, endNs));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                if (i == lines.Length - 1)
                {
                    skipped++; // written when the process was killed
                    continue;
                }

                throw new InvalidDataException($"{recordsPath}:{i + 1}: not a profile record ({e.Message})", e);
            }
        }

        return new RecordLines(read, skipped);
    }

    internal static List<ErrorSummaryEntry> SummarizeErrors(IEnumerable<RecordLine> lines) =>
        [.. lines.Where(l => l.Error is not null).GroupBy(l => l.Error!).Select(g => new ErrorSummaryEntry(g.Key, g.Count())).OrderByDescending(e => e.Count)];

    private static DateTimeOffset FromUnixNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    /// <summary>One JSONL line back to the per-request values (base units) the summary is computed from.</summary>
    private static (RecordMetrics Metrics, ErrorDetails? Error, long EndNs) ReadLine(JsonElement line, MetricsOptions options)
    {
        var metadata = line.GetProperty("metadata");
        var values = line.GetProperty("metrics");
        double? Value(MetricDefinition definition) =>
            values.TryGetProperty(definition.Tag, out var metric) ? metric.GetProperty("value").GetDouble() / definition.DisplayFactor : null;
        int? Integer(MetricDefinition definition) =>
            values.TryGetProperty(definition.Tag, out var metric) ? metric.GetProperty("value").GetInt32() : null;

        double[]? gaps = null;
        if (values.TryGetProperty(MetricCatalog.InterChunkLatency.Tag, out var chunk))
        {
            gaps = [.. chunk.GetProperty("value").EnumerateArray().Select(v => v.GetDouble() / MetricCatalog.InterChunkLatency.DisplayFactor)];
        }

        var metrics = new RecordMetrics
        {
            IsValid = values.TryGetProperty(MetricCatalog.RequestLatency.Tag, out _),
            TimeToFirstToken = Value(MetricCatalog.TimeToFirstToken),
            TimeToSecondToken = Value(MetricCatalog.TimeToSecondToken),
            RequestLatency = Value(MetricCatalog.RequestLatency),
            InterTokenLatency = Value(MetricCatalog.InterTokenLatency),
            OutputTokenThroughputPerUser = Value(MetricCatalog.OutputTokenThroughputPerUser),
            InterChunkLatencies = gaps,
            OutputTokenCount = Integer(MetricCatalog.OutputTokenCount),
            ReasoningTokenCount = Integer(MetricCatalog.ReasoningTokenCount),
            OutputSequenceLength = Integer(MetricCatalog.OutputSequenceLength),
            InputSequenceLength = Integer(MetricCatalog.InputSequenceLength),
            ErrorInputSequenceLength = Integer(MetricCatalog.ErrorIsl),
            ScheduleLag = Value(MetricCatalog.ScheduleLag) ?? 0,
            TimeToFirstTokenFromIntended = Value(MetricCatalog.TimeToFirstTokenFromIntended),
            RequestLatencyFromIntended = Value(MetricCatalog.RequestLatencyFromIntended),
            PromptCacheHitRatio = Value(MetricCatalog.PromptCacheHitRatio),
            StartUnixNs = metadata.GetProperty("request_start_ns").GetInt64(),
        };
        metrics = metrics with { IsGood = metrics.IsValid && options.Goodput.Count > 0 && MetricsCalculator.MeetsAll(metrics, options.Goodput) };

        ErrorDetails? error = null;
        if (line.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            var code = e.GetProperty("code");
            error = new ErrorDetails(code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null, e.GetProperty("type").GetString() ?? "", e.GetProperty("message").GetString() ?? "");
        }

        return (metrics, error, metadata.GetProperty("request_end_ns").GetInt64());
    }
}
