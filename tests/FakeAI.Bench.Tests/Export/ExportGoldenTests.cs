using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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

    private static ProfileResult Result() => ChatResult();

    /// <summary>Streaming chat, closed loop, one request with reasoning text, a goodput SLO that one request meets.</summary>
    internal static ProfileResult ChatResult()
    {
        var config = new ProfileConfig
        {
            Models = ["org/model"], Url = "localhost:9000", Streaming = true, Concurrency = 2, RequestCount = 3, RequestCountSet = true,
            Goodput = [new GoodputTarget("time_to_first_token", 45)], CliCommand = "fakeai profile -m org/model",
        };
        RequestRecord[] records =
        [
            TestRecords.Valid(0, [50e6, 60e6, 70e6], outputWords: 5),
            TestRecords.Valid(10e6, [40e6, 55e6, 100e6], outputWords: 4, reasoningWords: 1),
            TestRecords.Failed(20e6, 12, new ErrorDetails(500, "Internal Server Error", "boom, \"bad\"")),
        ];
        return Build(config, records);
    }

    /// <summary>Non-streaming completions at a constant 10 requests/s, no reasoning text anywhere.</summary>
    internal static ProfileResult CompletionsResult()
    {
        var config = new ProfileConfig
        {
            Models = ["m"], Url = "localhost:9000", EndpointType = EndpointType.Completions, RequestRate = 10,
            RequestRateMode = RequestRateMode.Constant, RequestCount = 2, RequestCountSet = true, OutputTokensMean = 64, RandomSeed = 7,
            ExtraInputs = [new ExtraInput("ignore_eos", "true")], CliCommand = "fakeai profile -m m --endpoint-type completions",
        };
        RequestRecord[] records =
        [
            TestRecords.Valid(1e6, [81.5e6], outputWords: 64, intendedNs: 0),
            TestRecords.Valid(100e6, [190e6], outputWords: 60, inputTokens: 12, intendedNs: 100e6),
        ];
        return Build(config, records);
    }

    private static ProfileResult Build(ProfileConfig config, RequestRecord[] records)
    {
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
            ErrorSummary = [.. records.Where(r => r.Error is not null).Select(r => new ErrorSummaryEntry(r.Error!, 1))],
        };
    }

    /// <summary>aiperf writes the local time; the golden files hold a placeholder.</summary>
    private static string WithoutTimes(string json) =>
        Regex.Replace(json, "\"(start|end)_time\": \"[^\"]+\"", "\"$1_time\": \"<local time>\"");

    private static string Json(ProfileResult result)
    {
        using var stream = new MemoryStream();
        JsonSummaryWriter.Write(stream, result, "artifacts/" + result.Config.ArtifactDirectoryName(), ProfileExporter.DefaultRecordsFileName);
        return WithoutTimes(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Csv(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";

    [Fact]
    public void Chat_csv_is_aiperf_csv_with_two_decimals_everywhere() =>
        Assert.Equal(Csv(ChatCsv), CsvSummaryWriter.Render(ChatResult().Metrics));

    [Fact]
    public void Completions_csv_is_aiperf_csv_with_two_decimals_everywhere() =>
        Assert.Equal(Csv(CompletionsCsv), CsvSummaryWriter.Render(CompletionsResult().Metrics));

    [Fact]
    public void Chat_json_is_aiperf_json_with_float_values() =>
        Assert.Equal(WithoutTimes(ChatJson), Json(ChatResult()));

    [Fact]
    public void Completions_json_is_aiperf_json_with_float_values() =>
        Assert.Equal(WithoutTimes(CompletionsJson), Json(CompletionsResult()));

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
        Assert.Contains("\"metrics\":{\"input_sequence_length\":{\"value\":10,\"unit\":\"tokens\"},\"time_to_first_token\":{\"value\":30.0,\"unit\":\"ms\"},\"time_to_second_token\":{\"value\":15.0,\"unit\":\"ms\"},\"request_latency\":{\"value\":90.0,\"unit\":\"ms\"},\"output_token_count\":{\"value\":4,\"unit\":\"tokens\"},\"reasoning_token_count\":{\"value\":1,\"unit\":\"tokens\"},\"inter_chunk_latency\":{\"value\":[15.0,45.0],\"unit\":\"ms\"},\"output_sequence_length\":{\"value\":5,\"unit\":\"tokens\"},\"inter_token_latency\":{\"value\":15.0,\"unit\":\"ms\"},\"output_token_throughput_per_user\":{\"value\":66.66666666666667,\"unit\":\"tokens/sec/user\"},\"good_request_count\":{\"value\":1,\"unit\":\"requests\"}", second, StringComparison.Ordinal);
        Assert.EndsWith("\"error\":null}", second, StringComparison.Ordinal);
        Assert.Contains("\"good_request_count\":{\"value\":0,\"unit\":\"requests\"}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"error_isl\":{\"value\":12,\"unit\":\"tokens\"}", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("reasoning_token_count", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\"error\":{\"code\":500,\"type\":\"Internal Server Error\",\"message\":\"boom, \\\"bad\\\"\"}}", lines[2], StringComparison.Ordinal);
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
            "Prompt Cache Hit Ratio (%) [fakeai],37.50,0.00,75.00,0.75,3.75,7.50,18.75,37.50,56.25,67.50,71.25,74.25,37.50\r\n",
            await File.ReadAllTextAsync(artifacts.CsvPath),
            StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(artifacts.JsonPath));
        var ratio = json.RootElement.GetProperty("prompt_cache_hit_ratio");
        Assert.Equal("%", ratio.GetProperty("unit").GetString());
        Assert.Equal(37.5, ratio.GetProperty("avg").GetDouble(), 9);
        var lines = await File.ReadAllLinesAsync(artifacts.RecordsPath);
        Assert.Contains("\"prompt_cache_hit_ratio\":{\"value\":75.0,\"unit\":\"%\"}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"prompt_cache_hit_ratio\":{\"value\":0.0,\"unit\":\"%\"}", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("prompt_cache_hit_ratio", lines[2], StringComparison.Ordinal);
    }

    private const string ChatCsv = """
        Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std
        Error Input Sequence Length (tokens),12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,12.00,0.00
        Input Sequence Length (tokens),10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,10.00,0.00
        Inter Chunk Latency (ms),20.00,10.00,45.00,10.00,10.00,10.00,10.00,12.50,22.50,36.00,40.50,44.10,14.58
        Inter Token Latency (ms),10.00,5.00,15.00,5.10,5.50,6.00,7.50,10.00,12.50,14.00,14.50,14.90,5.00
        Output Sequence Length (tokens),5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,5.00,0.00
        Output Token Count (tokens),4.50,4.00,5.00,4.01,4.05,4.10,4.25,4.50,4.75,4.90,4.95,4.99,0.50
        Output Token Throughput Per User (tokens/sec/user),133.33,66.67,200.00,68.00,73.33,80.00,100.00,133.33,166.67,186.67,193.33,198.67,66.67
        Reasoning Token Count (tokens),1.00,1.00,1.00,1.00,1.00,1.00,1.00,1.00,1.00,1.00,1.00,1.00,0.00
        Request Latency (ms),80.00,70.00,90.00,70.20,71.00,72.00,75.00,80.00,85.00,88.00,89.00,89.80,10.00
        Schedule Lag (ms) [fakeai],0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00
        Time to First Token (ms),40.00,30.00,50.00,30.20,31.00,32.00,35.00,40.00,45.00,48.00,49.00,49.80,10.00
        Time to Second Token (ms),12.50,10.00,15.00,10.05,10.25,10.50,11.25,12.50,13.75,14.50,14.75,14.95,2.50

        Metric,Value
        Benchmark Duration (sec),0.10
        Error Request Count,1.00
        GoodRequestCount,1.00
        Goodput (requests/sec),10.00
        Maximum Response Timestamp (ns),1767323045100000000.00
        Minimum Request Timestamp (ns),1767323045000000000.00
        Output Token Throughput (tokens/sec),100.00
        Request Count,2.00
        Request Throughput (requests/sec),20.00
        Total Error Input Sequence Length (tokens),12.00
        Total Input Sequence Length (tokens),20.00
        Total Output Sequence Length (tokens),10.00
        Total Output Tokens (tokens),9.00
        Total Reasoning Tokens (tokens),1.00
        """;

    private const string CompletionsCsv = """
        Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std
        Input Sequence Length (tokens),11.00,10.00,12.00,10.02,10.10,10.20,10.50,11.00,11.50,11.80,11.90,11.98,1.00
        Output Sequence Length (tokens),62.00,60.00,64.00,60.04,60.20,60.40,61.00,62.00,63.00,63.60,63.80,63.96,2.00
        Output Token Count (tokens),62.00,60.00,64.00,60.04,60.20,60.40,61.00,62.00,63.00,63.60,63.80,63.96,2.00
        Request Latency (ms),85.25,80.50,90.00,80.59,80.97,81.45,82.88,85.25,87.62,89.05,89.52,89.91,4.75
        Request Latency From Intended Start (ms) [fakeai],85.75,81.50,90.00,81.58,81.92,82.35,83.62,85.75,87.88,89.15,89.58,89.91,4.25
        Schedule Lag (ms) [fakeai],0.50,0.00,1.00,0.01,0.05,0.10,0.25,0.50,0.75,0.90,0.95,0.99,0.50

        Metric,Value
        Benchmark Duration (sec),0.19
        Maximum Response Timestamp (ns),1767323045190000128.00
        Minimum Request Timestamp (ns),1767323045000999936.00
        Output Token Throughput (tokens/sec),656.08
        Request Count,2.00
        Request Throughput (requests/sec),10.58
        Total Input Sequence Length (tokens),22.00
        Total Output Sequence Length (tokens),124.00
        Total Output Tokens (tokens),124.00
        """;

    private const string ChatJson = """
        {
          "request_throughput": {
            "unit": "requests/sec",
            "avg": 20.0
          },
          "request_latency": {
            "unit": "ms",
            "avg": 80.0,
            "p1": 70.2,
            "p5": 71.0,
            "p10": 72.0,
            "p25": 75.0,
            "p50": 80.0,
            "p75": 85.0,
            "p90": 88.0,
            "p95": 89.0,
            "p99": 89.8,
            "min": 70.0,
            "max": 90.0,
            "std": 10.0
          },
          "request_count": {
            "unit": "requests",
            "avg": 2.0
          },
          "time_to_first_token": {
            "unit": "ms",
            "avg": 40.0,
            "p1": 30.2,
            "p5": 31.0,
            "p10": 32.0,
            "p25": 35.0,
            "p50": 40.0,
            "p75": 45.0,
            "p90": 48.0,
            "p95": 49.0,
            "p99": 49.8,
            "min": 30.0,
            "max": 50.0,
            "std": 10.0
          },
          "time_to_second_token": {
            "unit": "ms",
            "avg": 12.5,
            "p1": 10.049999999999999,
            "p5": 10.25,
            "p10": 10.5,
            "p25": 11.25,
            "p50": 12.5,
            "p75": 13.75,
            "p90": 14.5,
            "p95": 14.75,
            "p99": 14.95,
            "min": 10.0,
            "max": 15.0,
            "std": 2.5
          },
          "inter_token_latency": {
            "unit": "ms",
            "avg": 10.0,
            "p1": 5.1,
            "p5": 5.5,
            "p10": 6.0,
            "p25": 7.5,
            "p50": 10.0,
            "p75": 12.5,
            "p90": 14.0,
            "p95": 14.5,
            "p99": 14.899999999999999,
            "min": 5.0,
            "max": 15.0,
            "std": 5.0
          },
          "output_token_throughput": {
            "unit": "tokens/sec",
            "avg": 100.0
          },
          "output_token_throughput_per_user": {
            "unit": "tokens/sec/user",
            "avg": 133.33333333333334,
            "p1": 68.0,
            "p5": 73.33333333333334,
            "p10": 80.0,
            "p25": 100.0,
            "p50": 133.33333333333331,
            "p75": 166.66666666666666,
            "p90": 186.66666666666666,
            "p95": 193.33333333333331,
            "p99": 198.66666666666663,
            "min": 66.66666666666667,
            "max": 200.0,
            "std": 66.66666666666667
          },
          "output_sequence_length": {
            "unit": "tokens",
            "avg": 5.0,
            "p1": 5.0,
            "p5": 5.0,
            "p10": 5.0,
            "p25": 5.0,
            "p50": 5.0,
            "p75": 5.0,
            "p90": 5.0,
            "p95": 5.0,
            "p99": 5.0,
            "min": 5.0,
            "max": 5.0,
            "std": 0.0
          },
          "input_sequence_length": {
            "unit": "tokens",
            "avg": 10.0,
            "p1": 10.0,
            "p5": 10.0,
            "p10": 10.0,
            "p25": 10.0,
            "p50": 10.0,
            "p75": 10.0,
            "p90": 10.0,
            "p95": 10.0,
            "p99": 10.0,
            "min": 10.0,
            "max": 10.0,
            "std": 0.0
          },
          "goodput": {
            "unit": "requests/sec",
            "avg": 10.0
          },
          "good_request_count": {
            "unit": "requests",
            "avg": 1.0
          },
          "output_token_count": {
            "unit": "tokens",
            "avg": 4.5,
            "p1": 4.01,
            "p5": 4.05,
            "p10": 4.1,
            "p25": 4.25,
            "p50": 4.5,
            "p75": 4.75,
            "p90": 4.9,
            "p95": 4.95,
            "p99": 4.99,
            "min": 4.0,
            "max": 5.0,
            "std": 0.5
          },
          "reasoning_token_count": {
            "unit": "tokens",
            "avg": 1.0,
            "p1": 1.0,
            "p5": 1.0,
            "p10": 1.0,
            "p25": 1.0,
            "p50": 1.0,
            "p75": 1.0,
            "p90": 1.0,
            "p95": 1.0,
            "p99": 1.0,
            "min": 1.0,
            "max": 1.0,
            "std": 0.0
          },
          "min_request_timestamp": {
            "unit": "ns",
            "avg": 1.767323045e18
          },
          "max_response_timestamp": {
            "unit": "ns",
            "avg": 1.7673230451e18
          },
          "inter_chunk_latency": {
            "unit": "ms",
            "avg": 20.0,
            "p1": 10.0,
            "p5": 10.0,
            "p10": 10.0,
            "p25": 10.0,
            "p50": 12.5,
            "p75": 22.5,
            "p90": 36.0,
            "p95": 40.499999999999986,
            "p99": 44.09999999999999,
            "min": 10.0,
            "max": 45.0,
            "std": 14.57737973711325
          },
          "total_output_tokens": {
            "unit": "tokens",
            "avg": 9.0
          },
          "total_reasoning_tokens": {
            "unit": "tokens",
            "avg": 1.0
          },
          "benchmark_duration": {
            "unit": "sec",
            "avg": 0.1
          },
          "total_isl": {
            "unit": "tokens",
            "avg": 20.0
          },
          "total_osl": {
            "unit": "tokens",
            "avg": 10.0
          },
          "error_request_count": {
            "unit": "requests",
            "avg": 1.0
          },
          "error_isl": {
            "unit": "tokens",
            "avg": 12.0,
            "p1": 12.0,
            "p5": 12.0,
            "p10": 12.0,
            "p25": 12.0,
            "p50": 12.0,
            "p75": 12.0,
            "p90": 12.0,
            "p95": 12.0,
            "p99": 12.0,
            "min": 12.0,
            "max": 12.0,
            "std": 0.0
          },
          "total_error_isl": {
            "unit": "tokens",
            "avg": 12.0
          },
          "schedule_lag": {
            "unit": "ms",
            "avg": 0.0,
            "p1": 0.0,
            "p5": 0.0,
            "p10": 0.0,
            "p25": 0.0,
            "p50": 0.0,
            "p75": 0.0,
            "p90": 0.0,
            "p95": 0.0,
            "p99": 0.0,
            "min": 0.0,
            "max": 0.0,
            "std": 0.0,
            "fakeai_extension": true
          },
          "input_config": {
            "endpoint": {
              "model_names": [
                "org/model"
              ],
              "type": "chat",
              "streaming": true,
              "url": "localhost:9000"
            },
            "input": {
              "goodput": {
                "time_to_first_token": 45.0
              }
            },
            "output": {
              "artifact_directory": "artifacts/org_model-openai-chat-concurrency2"
            },
            "loadgen": {
              "concurrency": 2,
              "request_rate_mode": "concurrency_burst",
              "request_count": 3
            },
            "cli_command": "fakeai profile -m org/model"
          },
          "was_cancelled": false,
          "error_summary": [
            {
              "error_details": {
                "code": 500,
                "type": "Internal Server Error",
                "message": "boom, \"bad\""
              },
              "count": 1
            }
          ],
          "start_time": "2026-01-02T03:04:05.000000",
          "end_time": "2026-01-02T03:04:06.000000"
        }
        """;

    private const string CompletionsJson = """
        {
          "request_throughput": {
            "unit": "requests/sec",
            "avg": 10.582010582010582
          },
          "request_latency": {
            "unit": "ms",
            "avg": 85.25,
            "p1": 80.595,
            "p5": 80.975,
            "p10": 81.45,
            "p25": 82.875,
            "p50": 85.25,
            "p75": 87.625,
            "p90": 89.05,
            "p95": 89.52499999999999,
            "p99": 89.905,
            "min": 80.5,
            "max": 90.0,
            "std": 4.75
          },
          "request_count": {
            "unit": "requests",
            "avg": 2.0
          },
          "output_token_throughput": {
            "unit": "tokens/sec",
            "avg": 656.0846560846561
          },
          "output_sequence_length": {
            "unit": "tokens",
            "avg": 62.0,
            "p1": 60.04,
            "p5": 60.2,
            "p10": 60.4,
            "p25": 61.0,
            "p50": 62.0,
            "p75": 63.0,
            "p90": 63.6,
            "p95": 63.8,
            "p99": 63.96,
            "min": 60.0,
            "max": 64.0,
            "std": 2.0
          },
          "input_sequence_length": {
            "unit": "tokens",
            "avg": 11.0,
            "p1": 10.02,
            "p5": 10.1,
            "p10": 10.2,
            "p25": 10.5,
            "p50": 11.0,
            "p75": 11.5,
            "p90": 11.8,
            "p95": 11.9,
            "p99": 11.98,
            "min": 10.0,
            "max": 12.0,
            "std": 1.0
          },
          "output_token_count": {
            "unit": "tokens",
            "avg": 62.0,
            "p1": 60.04,
            "p5": 60.2,
            "p10": 60.4,
            "p25": 61.0,
            "p50": 62.0,
            "p75": 63.0,
            "p90": 63.6,
            "p95": 63.8,
            "p99": 63.96,
            "min": 60.0,
            "max": 64.0,
            "std": 2.0
          },
          "min_request_timestamp": {
            "unit": "ns",
            "avg": 1.767323045001e18
          },
          "max_response_timestamp": {
            "unit": "ns",
            "avg": 1.76732304519e18
          },
          "total_output_tokens": {
            "unit": "tokens",
            "avg": 124.0
          },
          "benchmark_duration": {
            "unit": "sec",
            "avg": 0.189
          },
          "total_isl": {
            "unit": "tokens",
            "avg": 22.0
          },
          "total_osl": {
            "unit": "tokens",
            "avg": 124.0
          },
          "schedule_lag": {
            "unit": "ms",
            "avg": 0.5,
            "p1": 0.01,
            "p5": 0.049999999999999996,
            "p10": 0.09999999999999999,
            "p25": 0.25,
            "p50": 0.5,
            "p75": 0.75,
            "p90": 0.8999999999999999,
            "p95": 0.95,
            "p99": 0.99,
            "min": 0.0,
            "max": 1.0,
            "std": 0.5,
            "fakeai_extension": true
          },
          "request_latency_from_intended": {
            "unit": "ms",
            "avg": 85.75,
            "p1": 81.585,
            "p5": 81.925,
            "p10": 82.35,
            "p25": 83.625,
            "p50": 85.75,
            "p75": 87.875,
            "p90": 89.14999999999999,
            "p95": 89.575,
            "p99": 89.91499999999999,
            "min": 81.5,
            "max": 90.0,
            "std": 4.25,
            "fakeai_extension": true
          },
          "input_config": {
            "endpoint": {
              "model_names": [
                "m"
              ],
              "type": "completions",
              "url": "localhost:9000"
            },
            "input": {
              "extra": [
                [
                  "ignore_eos",
                  true
                ]
              ],
              "random_seed": 7,
              "prompt": {
                "output_tokens": {
                  "mean": 64
                }
              }
            },
            "output": {
              "artifact_directory": "artifacts/m-openai-completions-request_rate10.0"
            },
            "loadgen": {
              "request_rate": 10.0,
              "request_rate_mode": "constant",
              "request_count": 2
            },
            "cli_command": "fakeai profile -m m --endpoint-type completions"
          },
          "was_cancelled": false,
          "error_summary": [],
          "start_time": "2026-01-02T03:04:05.000000",
          "end_time": "2026-01-02T03:04:06.000000"
        }
        """;
}
