using System.Globalization;
using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Export;

/// <summary>
/// Golden exports of the endpoint types that produce no tokens, written under de-DE (decimal comma): request latency,
/// throughput, ISL and error ISL only, with every number hand-computed from the records below.
/// </summary>
public sealed class EndpointExportGoldenTests : IDisposable
{
    private const string ErrorBody = "{\"error\":{\"message\":\"too long\",\"code\":\"context_length_exceeded\"}}";

    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-endpoint-export-").FullName;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public EndpointExportGoldenTests() => CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Two successes (start, response, ISL) and one 400, all in nanoseconds.</summary>
    private static ProfileResult Result(EndpointType type, (double Start, double Response, int Isl) first, (double Start, double Response, int Isl) second, int failedIsl)
    {
        var config = new ProfileConfig
        {
            Models = ["org/model"], Url = "localhost:9000", EndpointType = type, Streaming = true, Concurrency = 2, RequestCount = 3,
            RequestCountSet = true, CliCommand = "fakeai profile -m org/model",
        };
        RequestRecord[] records =
        [
            TestRecords.Valid(first.Start, [first.Response], outputWords: 0, inputTokens: first.Isl),
            TestRecords.Valid(second.Start, [second.Response], outputWords: 0, inputTokens: second.Isl),
            TestRecords.Failed(20e6, failedIsl, new ErrorDetails(400, "Bad Request", ErrorBody)),
        ];
        var metrics = MetricsCalculator.Compute(records, MetricsOptions.From(config), TestRecords.Clock, TestRecords.CountWords);
        var turn = new Turn(["hi"], 1, null, null) { Payloads = ["{\"model\":\"org/model\"}"u8.ToArray()] };
        return new ProfileResult
        {
            Config = config,
            Records = records,
            Metrics = metrics,
            Dataset = new Dataset([new Conversation("s-1", [turn])], false),
            Clock = TestRecords.Clock,
            StartTime = TestRecords.Clock.ToWallClock(0),
            EndTime = TestRecords.Clock.ToWallClock(TestRecords.Ticks(1e9)),
            WasCancelled = false,
            ErrorSummary = [new ErrorSummaryEntry(records[2].Error!, 1)],
        };
    }

    [Fact]
    public async Task Embeddings_exports_match_the_golden_files()
    {
        // Latencies 20 and 30 ms, ISL 550 and 450, window 0–40 ms.
        var result = Result(EndpointType.Embeddings, (0, 20e6, 550), (10e6, 40e6, 450), 300);
        var artifacts = await ProfileExporter.WriteAllAsync(result, _directory, CancellationToken.None);

        Assert.Equal(
            "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n" +
            "Error Input Sequence Length (tokens),300.00,300.00,300.00,300.00,300.00,300.00,300.00,300.00,300.00,300.00,300.00,300.00,0.00\r\n" +
            "Input Sequence Length (tokens),500.00,450.00,550.00,451.00,455.00,460.00,475.00,500.00,525.00,540.00,545.00,549.00,50.00\r\n" +
            "Request Latency (ms),25.00,20.00,30.00,20.10,20.50,21.00,22.50,25.00,27.50,29.00,29.50,29.90,5.00\r\n" +
            "Schedule Lag (ms) [fakeai],0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00\r\n" +
            "\r\n" +
            "Metric,Value\r\n" +
            "Benchmark Duration (sec),0.04\r\n" +
            "Error Request Count,1.00\r\n" +
            "Maximum Response Timestamp (ns),1767323045040000000.00\r\n" +
            "Minimum Request Timestamp (ns),1767323045000000000.00\r\n" +
            "Request Count,2.00\r\n" +
            "Request Throughput (requests/sec),50.00\r\n" +
            "Total Error Input Sequence Length (tokens),300.00\r\n" +
            "Total Input Sequence Length (tokens),1000.00\r\n",
            await File.ReadAllTextAsync(artifacts.CsvPath));
        await AssertJsonAsync(artifacts, "embeddings", 500, 25);
        var lines = await File.ReadAllLinesAsync(artifacts.RecordsPath);
        Assert.Contains("\"metrics\":{\"input_sequence_length\":{\"value\":550,\"unit\":\"tokens\"},\"request_latency\":{\"value\":20.0,\"unit\":\"ms\"},\"schedule_lag\":{\"value\":0.0,\"unit\":\"ms\"}}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"input_sequence_length\":{\"value\":450,\"unit\":\"tokens\"},\"request_latency\":{\"value\":30.0,\"unit\":\"ms\"},\"schedule_lag\":{\"value\":0.0,\"unit\":\"ms\"}}", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"error_isl\":{\"value\":300,\"unit\":\"tokens\"},\"schedule_lag\":{\"value\":0.0,\"unit\":\"ms\"}}", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rankings_exports_match_the_golden_files()
    {
        // Latencies 25 and 40 ms, ISL 1312 (32-token query + 10 × 128) and 1184, window 0–48 ms.
        var result = Result(EndpointType.Rankings, (0, 25e6, 1312), (8e6, 48e6, 1184), 1312);
        var artifacts = await ProfileExporter.WriteAllAsync(result, _directory, CancellationToken.None);

        Assert.Equal(
            "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n" +
            "Error Input Sequence Length (tokens),1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,1312.00,0.00\r\n" +
            "Input Sequence Length (tokens),1248.00,1184.00,1312.00,1185.28,1190.40,1196.80,1216.00,1248.00,1280.00,1299.20,1305.60,1310.72,64.00\r\n" +
            "Request Latency (ms),32.50,25.00,40.00,25.15,25.75,26.50,28.75,32.50,36.25,38.50,39.25,39.85,7.50\r\n" +
            "Schedule Lag (ms) [fakeai],0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00\r\n" +
            "\r\n" +
            "Metric,Value\r\n" +
            "Benchmark Duration (sec),0.05\r\n" +
            "Error Request Count,1.00\r\n" +
            "Maximum Response Timestamp (ns),1767323045048000000.00\r\n" +
            "Minimum Request Timestamp (ns),1767323045000000000.00\r\n" +
            "Request Count,2.00\r\n" +
            "Request Throughput (requests/sec),41.67\r\n" +
            "Total Error Input Sequence Length (tokens),1312.00\r\n" +
            "Total Input Sequence Length (tokens),2496.00\r\n",
            await File.ReadAllTextAsync(artifacts.CsvPath));
        await AssertJsonAsync(artifacts, "rankings", 1248, 32.5);
    }

    private static async Task AssertJsonAsync(ProfileArtifacts artifacts, string type, double isl, double latency)
    {
        var text = await File.ReadAllTextAsync(artifacts.JsonPath);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(isl, root.GetProperty("input_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(latency, root.GetProperty("request_latency").GetProperty("avg").GetDouble(), 9);
        Assert.Equal(type, root.GetProperty("input_config").GetProperty("endpoint").GetProperty("type").GetString());

        // --streaming was passed, but these endpoints cannot stream, so it is off as in aiperf.
        Assert.False(root.GetProperty("input_config").GetProperty("endpoint").GetProperty("streaming").GetBoolean());
        foreach (var tag in new[] { "time_to_first_token", "inter_token_latency", "output_sequence_length", "output_token_throughput", "total_osl", "output_token_count" })
        {
            Assert.False(root.TryGetProperty(tag, out _), tag);
        }

        var error = Assert.Single(root.GetProperty("error_summary").EnumerateArray());
        Assert.Equal(ErrorBody, error.GetProperty("error_details").GetProperty("message").GetString());
    }
}
