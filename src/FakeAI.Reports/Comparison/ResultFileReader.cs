using System.Globalization;
using System.Text.Json;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Comparison;

/// <summary>
/// Reads any of the three result formats into comparable metrics: aiperf's <c>profile_export_aiperf.json</c> (flat
/// GenAI-Perf-style layout, or the older <c>records</c> layout), <c>benchmark_summary.json</c> from <c>fakeai suite</c>,
/// and <c>&lt;name&gt;_results.json</c> from <c>fakeai bench</c>. Suite and bench metrics are keyed
/// <c>run name / metric</c>, profile metrics by the metric alone.
/// </summary>
public static class ResultFileReader
{
    // The metrics compared and the statistics taken of each; name, unit and direction come from the metric catalog.
    private static readonly (MetricDefinition Metric, string[] Stats)[] ProfileMetrics =
    [
        (MetricCatalog.RequestThroughput, ["avg"]),
        (MetricCatalog.OutputTokenThroughput, ["avg"]),
        (MetricCatalog.OutputTokenThroughputPerUser, ["avg"]),
        (MetricCatalog.Goodput, ["avg"]),
        (MetricCatalog.RequestLatency, ["avg", "p50", "p90", "p99"]),
        (MetricCatalog.TimeToFirstToken, ["avg", "p50", "p99"]),
        (MetricCatalog.TimeToSecondToken, ["avg", "p99"]),
        (MetricCatalog.InterTokenLatency, ["avg", "p50", "p99"]),
        (MetricCatalog.InputSequenceLength, ["avg"]),
        (MetricCatalog.OutputSequenceLength, ["avg"]),
        (MetricCatalog.RequestCount, ["avg"]),
        (MetricCatalog.ErrorRequestCount, ["avg"]),
        (MetricCatalog.BenchmarkDuration, ["avg"]),
    ];

    public static async Task<ResultSet> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ResultFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read ({e.Message})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ResultFileException(path, $"not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ResultFileException(path, $"expected a JSON object at the top level, found {Describe(root.ValueKind)}");
            }

            var schema = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return schema switch
            {
                SuiteSummary.SchemaId => FromSuite(path, Deserialize(path, root, ResultsJsonContext.Default.SuiteSummary)),
                BenchResultFile.SchemaId => FromBench(path, Deserialize(path, root, ResultsJsonContext.Default.BenchResultFile)),
                null => FromProfileExport(path, root),
                _ => throw new ResultFileException(path, $"unknown schema \"{schema}\" (expected {SuiteSummary.SchemaId} or {BenchResultFile.SchemaId})"),
            };
        }
    }

    private static T Deserialize<T>(string path, JsonElement root, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return root.Deserialize(type) ?? throw new ResultFileException(path, "empty document");
        }
        catch (JsonException e)
        {
            throw new ResultFileException(path, $"malformed {type.Type.Name} ({e.Message})");
        }
    }

    private static ResultSet FromProfileExport(string path, JsonElement root)
    {
        // Before aiperf PR #343 the metrics were nested under "records".
        var metricsRoot = root.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Object ? records : root;
        var metrics = new List<ComparedMetric>();
        foreach (var (definition, stats) in ProfileMetrics)
        {
            if (!metricsRoot.TryGetProperty(definition.Tag, out var metric) || metric.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var stat in stats)
            {
                if (metric.TryGetProperty(stat, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    metrics.Add(new ComparedMetric(stats.Length == 1 ? definition.Tag : $"{definition.Tag}.{stat}", definition.Unit, value.GetDouble(), definition.Direction));
                }
            }
        }

        if (!metrics.Exists(m => m.Key.StartsWith("request_", StringComparison.Ordinal) && m.Key != "request_count"))
        {
            throw new ResultFileException(
                path,
                "not a result file: no \"schema\" (fakeai suite/bench) and no request_latency or request_throughput metric (aiperf profile export)");
        }

        // aiperf omits error_request_count when nothing failed; absent then means zero.
        if (!metrics.Exists(m => m.Key == "error_request_count"))
        {
            var errors = MetricCatalog.ErrorRequestCount;
            metrics.Add(new ComparedMetric(errors.Tag, errors.Unit, 0, errors.Direction));
        }

        return new ResultSet(path, "profile export", DescribeProfile(root), metrics);
    }

    private static string DescribeProfile(JsonElement root)
    {
        var parts = new List<string>();
        if (root.TryGetProperty("input_config", out var config) && config.ValueKind == JsonValueKind.Object)
        {
            if (config.TryGetProperty("endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.Object)
            {
                if (endpoint.TryGetProperty("model_names", out var models) && models.ValueKind == JsonValueKind.Array)
                {
                    parts.Add(string.Join(", ", models.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString())));
                }

                if (endpoint.TryGetProperty("streaming", out var streaming) && streaming.ValueKind is JsonValueKind.True)
                {
                    parts.Add("streaming");
                }
            }

            if (config.TryGetProperty("loadgen", out var loadgen) && loadgen.ValueKind == JsonValueKind.Object
                && loadgen.TryGetProperty("concurrency", out var c) && c.ValueKind == JsonValueKind.Number)
            {
                parts.Add("concurrency " + c.GetRawText());
            }
        }

        if (root.TryGetProperty("start_time", out var start) && start.ValueKind == JsonValueKind.String)
        {
            parts.Add(start.GetString()!);
        }

        if (root.TryGetProperty("was_cancelled", out var cancelled) && cancelled.ValueKind == JsonValueKind.True)
        {
            parts.Add("CANCELLED");
        }

        return string.Join(", ", parts);
    }

    private static ResultSet FromSuite(string path, SuiteSummary suite)
    {
        if (suite.Results is null)
        {
            throw new ResultFileException(path, "suite summary without \"results\"");
        }

        var metrics = new List<ComparedMetric>();
        foreach (var run in suite.Results)
        {
            var m = run.Metrics;
            if (m is null)
            {
                continue;
            }

            void Add(MetricDefinition definition, string? stat, double? value, string? name = null)
            {
                if (value is { } v && double.IsFinite(v))
                {
                    metrics.Add(new ComparedMetric($"{run.Name} / {name ?? (stat is null ? definition.Tag : $"{definition.Tag}.{stat}")}", definition.Unit, v, definition.Direction));
                }
            }

            Add(MetricCatalog.RequestThroughput, null, m.RequestThroughput);
            Add(MetricCatalog.OutputTokenThroughput, null, m.OutputTokenThroughput);
            Add(MetricCatalog.RequestLatency, "avg", m.RequestLatencyAvg);
            Add(MetricCatalog.RequestLatency, "p50", m.RequestLatencyP50);
            Add(MetricCatalog.RequestLatency, "p90", m.RequestLatencyP90);
            Add(MetricCatalog.RequestLatency, "p99", m.RequestLatencyP99);
            Add(MetricCatalog.TimeToFirstToken, "avg", m.TimeToFirstTokenAvg);
            Add(MetricCatalog.TimeToFirstToken, "p50", m.TimeToFirstTokenP50);
            Add(MetricCatalog.TimeToFirstToken, "p99", m.TimeToFirstTokenP99);
            Add(MetricCatalog.InterTokenLatency, "avg", m.InterTokenLatencyAvg);
            Add(MetricCatalog.InterTokenLatency, "p50", m.InterTokenLatencyP50);
            Add(MetricCatalog.InterTokenLatency, "p99", m.InterTokenLatencyP99);
            Add(MetricCatalog.ErrorRequestCount, null, m.ErrorCount, "error_count");
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"{suite.Total} runs ({suite.Failed} failed), {suite.ServerUrl}, {suite.Timestamp:yyyy-MM-dd HH:mm:ss}Z");
        return new ResultSet(path, "suite summary", description, metrics);
    }

    private static ResultSet FromBench(string path, BenchResultFile bench)
    {
        if (bench.Tests is null)
        {
            throw new ResultFileException(path, "bench results without \"tests\"");
        }

        var metrics = new List<ComparedMetric>();
        foreach (var test in bench.Tests)
        {
            foreach (var metric in test.Metrics ?? [])
            {
                var direction = BenchMetric.DirectionOf(metric.Better)
                    ?? throw new ResultFileException(path, $"metric \"{metric.Name}\" of \"{test.Name}\" has better=\"{metric.Better}\" (expected higher, lower or none)");
                if (double.IsFinite(metric.Value))
                {
                    metrics.Add(new ComparedMetric($"{test.Name} / {metric.Name}", metric.Unit, metric.Value, direction));
                }
            }
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"{bench.Status}{(bench.Quick ? ", quick" : string.Empty)}, {bench.ServerUrl}, {bench.Timestamp:yyyy-MM-dd HH:mm:ss}Z");
        return new ResultSet(path, $"bench results ({bench.Benchmark})", description, metrics);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
