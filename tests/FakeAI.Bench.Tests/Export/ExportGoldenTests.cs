using System.Globalization;
using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Export;

/// <summary>Golden files written under de-DE (decimal comma), where culture-sensitive formatting would show.</summary>
public sealed class ExportGoldenTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-export-").FullName;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public ExportGoldenTests() => CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        Directory.Delete(_directory, recursive: true);
    }

    private static ProfileResult Result()
    {
        var config = new ProfileConfig { Models = ["org/model"], Url = "localhost:9000", Streaming = true, Concurrency = 2, RequestCount = 3, RequestCountSet = true, CliCommand = "fakeai profile -m org/model" };
        RequestRecord[] records =
        [
            TestRecords.Valid(0, [50e6, 60e6, 70e6], outputWords: 5),
            TestRecords.Valid(10e6, [40e6, 55e6, 100e6], outputWords: 4, reasoningWords: 1),
            TestRecords.Failed(20e6, 12, new ErrorDetails(500, "Internal Server Error", "boom, \"bad\"")),
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
    public async Task Csv_matches_aiperf_layout_with_invariant_numbers()
    {
        var artifacts = await ProfileExporter.WriteAllAsync(Result(), _directory, CancellationToken.None);
        var expected =
            "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n" +
            "Error Input Sequence Length (tokens),12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,0.00\r\n" +
            "Input Sequence Length (tokens),10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,0.00\r\n" +
            "Inter Chunk Latency (ms),20.00,10.00,45.00,10.00,10.00,10.00,10.00,12.50,22.50,36.00,40.50,44.10,14.58\r\n" +
            "Inter Token Latency (ms),10.00,5.00,15.00,5.10,5.50,6.00,7.50,10.00,12.50,14.00,14.50,14.90,5.00\r\n" +
            "Output Sequence Length (tokens),5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,0.00\r\n" +
            "Output Token Count (tokens),4.50,4.00,5.00,4.01,4.05,4.10,4.25,4.50,4.75,4.90,4.95,4.99,0.50\r\n" +
            "Output Token Throughput Per User (tokens/sec/user),133.33,66.67,200.00,68.00,73.33,80.00,100.00,133.33,166.67,186.67,193.33,198.67,66.67\r\n" +
            "Reasoning Token Count (tokens),0.50,0.00,1.00,0.01,0.05,0.10,0.25,0.50,0.75,0.90,0.95,0.99,0.50\r\n" +
            "Request Latency (ms),80.00,70.00,90.00,70.20,71.00,72.00,75.00,80.00,85.00,88.00,89.00,89.80,10.00\r\n" +
            "Schedule Lag (ms),0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00\r\n" +
            "Time to First Token (ms),40.00,30.00,50.00,30.20,31.00,32.00,35.00,40.00,45.00,48.00,49.00,49.80,10.00\r\n" +
            "Time to Second Token (ms),12.50,10.00,15.00,10.05,10.25,10.50,11.25,12.50,13.75,14.50,14.75,14.95,2.50\r\n" +
            "\r\n" +
            "Metric,Value\r\n" +
            "Benchmark Duration (sec),0.10\r\n" +
            "Error Request Count,1\r\n" +
            "Maximum Response Timestamp (ns),1767323045100000000\r\n" +
            "Minimum Request Timestamp (ns),1767323045000000000\r\n" +
            "Output Token Throughput (tokens/sec),100.00\r\n" +
            "Request Count,2\r\n" +
            "Request Throughput (requests/sec),20.00\r\n" +
            "Total Error Input Sequence Length (tokens),12\r\n" +
            "Total Input Sequence Length (tokens),20\r\n" +
            "Total Output Sequence Length (tokens),10\r\n" +
            "Total Output Tokens (tokens),9\r\n" +
            "Total Reasoning Tokens (tokens),1\r\n";
        Assert.Equal(expected, await File.ReadAllTextAsync(artifacts.CsvPath));
    }

    [Fact]
    public async Task Json_has_flat_metrics_input_config_and_error_summary()
    {
        var artifacts = await ProfileExporter.WriteAllAsync(Result(), _directory, CancellationToken.None);
        var text = await File.ReadAllTextAsync(artifacts.JsonPath);
        Assert.DoesNotContain("12,5", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var ttst = root.GetProperty("time_to_second_token");
        Assert.Equal(["unit", "avg", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "min", "max", "std"], ttst.EnumerateObject().Select(p => p.Name));
        Assert.Equal(12.5, ttst.GetProperty("avg").GetDouble());
        Assert.Equal(["unit", "avg"], root.GetProperty("request_throughput").EnumerateObject().Select(p => p.Name));
        Assert.Equal(20, root.GetProperty("request_throughput").GetProperty("avg").GetDouble(), 9);
        Assert.Equal("concurrency_burst", root.GetProperty("input_config").GetProperty("loadgen").GetProperty("request_rate_mode").GetString());
        Assert.Equal(["org/model"], root.GetProperty("input_config").GetProperty("endpoint").GetProperty("model_names").EnumerateArray().Select(e => e.GetString()));
        var error = Assert.Single(root.GetProperty("error_summary").EnumerateArray());
        Assert.Equal(500, error.GetProperty("error_details").GetProperty("code").GetInt32());
        Assert.Equal(1, error.GetProperty("count").GetInt32());
        Assert.False(root.GetProperty("was_cancelled").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$", root.GetProperty("start_time").GetString());
    }

    [Fact]
    public async Task Jsonl_has_one_aiperf_record_per_request()
    {
        var artifacts = await ProfileExporter.WriteAllAsync(Result(), _directory, "records.jsonl", CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(artifacts.RecordsPath);
        Assert.EndsWith("records.jsonl", artifacts.RecordsPath, StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        var second = lines[1];
        Assert.Contains("\"request_start_ns\":1767323045010000000", second, StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"input_sequence_length\":{\"value\":10,\"unit\":\"tokens\"},\"time_to_first_token\":{\"value\":30,\"unit\":\"ms\"},\"time_to_second_token\":{\"value\":15,\"unit\":\"ms\"},\"request_latency\":{\"value\":90,\"unit\":\"ms\"},\"output_token_count\":{\"value\":4,\"unit\":\"tokens\"},\"reasoning_token_count\":{\"value\":1,\"unit\":\"tokens\"},\"inter_chunk_latency\":{\"value\":[15,45],\"unit\":\"ms\"},\"output_sequence_length\":{\"value\":5,\"unit\":\"tokens\"},\"inter_token_latency\":{\"value\":15,\"unit\":\"ms\"}", second, StringComparison.Ordinal);
        Assert.EndsWith("\"error\":null}", second, StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"error_isl\":{\"value\":12,\"unit\":\"tokens\"}", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("\"error\":{\"code\":500,\"type\":\"Internal Server Error\",\"message\":\"boom, \\u0022bad\\u0022\"}}", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_cache_hit_ratio_is_exported_in_percent_to_csv_json_and_jsonl()
    {
        var result = Result();
        result.Records[0].UsagePromptTokens = 64;
        result.Records[0].UsageCachedTokens = 48;
        result.Records[1].UsagePromptTokens = 40;
        result.Records[1].UsageCachedTokens = 0;
        result = result with { Metrics = MetricsCalculator.Compute(result.Records, MetricsOptions.From(result.Config), TestRecords.Clock, TestRecords.CountWords) };
        var artifacts = await ProfileExporter.WriteAllAsync(result, _directory, CancellationToken.None);

        Assert.Contains(
            "Prompt Cache Hit Ratio (%),37.50,0.00,75.00,0.75,3.75,7.50,18.75,37.50,56.25,67.50,71.25,74.25,37.50\r\n",
            await File.ReadAllTextAsync(artifacts.CsvPath),
            StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(artifacts.JsonPath));
        var ratio = json.RootElement.GetProperty("prompt_cache_hit_ratio");
        Assert.Equal("%", ratio.GetProperty("unit").GetString());
        Assert.Equal(37.5, ratio.GetProperty("avg").GetDouble(), 9);
        var lines = await File.ReadAllLinesAsync(artifacts.RecordsPath);
        Assert.Contains("\"prompt_cache_hit_ratio\":{\"value\":75,\"unit\":\"%\"}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"prompt_cache_hit_ratio\":{\"value\":0,\"unit\":\"%\"}", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("prompt_cache_hit_ratio", lines[2], StringComparison.Ordinal);
    }
}
