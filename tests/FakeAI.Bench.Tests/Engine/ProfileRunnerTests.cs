using System.Text.Json;
using FakeAI.Bench.Export;

namespace FakeAI.Bench.Tests.Engine;

public sealed class ProfileRunnerTests
{
    private static IReadOnlyList<(string, int)> StreamingScript(string _) =>
    [
        (ScriptedHttpServer.SseHeader + $"data: {ScriptedHttpServer.Chunk(role: "assistant")}\n\n", 0),
        ($"data: {ScriptedHttpServer.Chunk(content: "hello")}\n\n", 60),
        ($"data: {ScriptedHttpServer.Chunk(content: " world")}\n\n", 20),
        ($"data: {ScriptedHttpServer.Chunk(content: " again")}\n\n", 20),
        ("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", 0),
        ("data: {\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n", 0),
    ];

    private static ProfileConfig Config(string url) => new()
    {
        Models = ["test/model"],
        Url = url,
        Streaming = true,
        Concurrency = 4,
        RequestCount = 12,
        RequestCountSet = true,
        InputTokensMean = 20,
        ConversationNum = 5,
        RandomSeed = 1,
    };

    [Fact]
    public async Task Concurrency_streaming_run_measures_only_content_chunks_and_exports_aiperf_files()
    {
        await using var server = new ScriptedHttpServer(StreamingScript);
        var result = await ProfileRunner.RunAsync(Config(server.Url), null, CancellationToken.None);

        Assert.Equal(12, server.Requests);
        Assert.Equal(12, result.SuccessCount);
        Assert.Equal(0, result.ErrorCount);
        Assert.False(result.WasCancelled);
        var ttft = result.Metrics.Get("time_to_first_token")!.Stats!;
        var latency = result.Metrics.Get("request_latency")!.Stats!;

        // The role chunk (sent at once) must not count: the first content arrives after ~60 ms, the last after ~100 ms.
        // The scripted pauses are Task.Delay, which runs on the coarse millisecond clock (4-10 ms ticks on Linux) and can
        // end a tick early (once measured at < 55 ms), so the lower bounds allow 20 ms per pause and still exclude ~0 ms.
        Assert.InRange(ttft.Min, 40, 1000);
        Assert.InRange(latency.Min, 60, 2000);
        Assert.Equal(3, result.Metrics.Get("output_sequence_length")!.Avg); // "hello world again" in o200k
        Assert.InRange(result.Metrics.Get("inter_token_latency")!.Avg, 5, 500);
        Assert.Equal(20, result.Metrics.Get("input_sequence_length")!.Avg);

        var directory = Path.Combine(Path.GetTempPath(), "fakeai-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var artifacts = await ProfileExporter.WriteAllAsync(result, directory, CancellationToken.None);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(artifacts.JsonPath));
            Assert.Equal("ms", json.RootElement.GetProperty("time_to_first_token").GetProperty("unit").GetString());
            Assert.Equal(12, json.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
            Assert.False(json.RootElement.GetProperty("was_cancelled").GetBoolean());
            var lines = await File.ReadAllLinesAsync(artifacts.RecordsPath);
            Assert.Equal(12, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal("profiling", first.RootElement.GetProperty("metadata").GetProperty("benchmark_phase").GetString());
            Assert.Equal(3, first.RootElement.GetProperty("metrics").GetProperty("output_sequence_length").GetProperty("value").GetInt32());
            using var inputs = JsonDocument.Parse(await File.ReadAllTextAsync(artifacts.InputsPath));
            Assert.Equal(5, inputs.RootElement.GetProperty("data").GetArrayLength());
            var payload = inputs.RootElement.GetProperty("data")[0].GetProperty("payloads")[0];
            Assert.Equal("test/model", payload.GetProperty("model").GetString());
            Assert.True(payload.GetProperty("stream").GetBoolean());
            Assert.False(payload.TryGetProperty("stream_options", out _)); // aiperf sends none
            Assert.StartsWith("Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n", await File.ReadAllTextAsync(artifacts.CsvPath), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Server_errors_are_counted_per_type_and_the_run_continues()
    {
        var calls = 0;
        await using var server = new ScriptedHttpServer(body => Interlocked.Increment(ref calls) % 2 == 0
            ? [(ScriptedHttpServer.Json(500, "{\"error\":{\"message\":\"boom\"}}"), 0)]
            : StreamingScript(body));
        var result = await ProfileRunner.RunAsync(Config(server.Url) with { Concurrency = 1, RequestCount = 6 }, null, CancellationToken.None);
        Assert.Equal(3, result.SuccessCount);
        var entry = Assert.Single(result.ErrorSummary);
        Assert.Equal(500, entry.Details.Code);
        Assert.Equal(3, entry.Count);
        Assert.Equal(50, result.ErrorRatePercent, 6);
    }

    [Fact]
    public async Task A_200_without_content_counts_as_an_error_request_but_not_in_the_error_summary()
    {
        // Every other request answers 200 with only a role chunk, a finish chunk and usage: no content response at all.
        var calls = 0;
        await using var server = new ScriptedHttpServer(body => Interlocked.Increment(ref calls) % 2 == 0
            ? [(ScriptedHttpServer.Sse(
                ScriptedHttpServer.Chunk(role: "assistant"),
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}",
                "[DONE]"), 0)]
            : StreamingScript(body));
        var result = await ProfileRunner.RunAsync(Config(server.Url) with { Concurrency = 1, RequestCount = 6 }, null, CancellationToken.None);

        // aiperf: such a record is invalid (error_request_count, error_isl) but has no ErrorDetails, so no summary entry.
        Assert.Equal(3, result.SuccessCount);
        Assert.Equal(3, result.ErrorCount);
        Assert.Empty(result.ErrorSummary);
        Assert.Equal(3, result.Metrics.Get("request_count")!.Avg);
        Assert.Equal(3, result.Metrics.Get("error_request_count")!.Avg);
        Assert.Equal(20, result.Metrics.Get("error_isl")!.Avg); // the prompt's 20 tokens, not the server's 5
        Assert.Equal(60, result.Metrics.Get("total_error_isl")!.Avg);
        Assert.Equal(3, result.Metrics.Get("time_to_first_token")!.Stats!.Count);
        Assert.Equal(3, result.Metrics.Get("output_sequence_length")!.Stats!.Count);
        Assert.All(result.Records.Where(r => r.ResponseCount == 0), r =>
        {
            Assert.Equal(200, r.StatusCode);
            Assert.Null(r.Error);
            Assert.False(r.IsValid);
        });
    }

    [Fact]
    public async Task A_kept_alive_connection_the_server_has_closed_is_replaced_without_an_error()
    {
        // The head allows keep-alive (no Connection: close), yet the server closes every connection after one response, so
        // each later request first meets a dead pooled connection.
        const string body = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok then\"}}]}";
        await using var server = new ScriptedHttpServer(_ => [($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}", 0)]);
        var result = await ProfileRunner.RunAsync(Config(server.Url) with { Streaming = false, Concurrency = 1, RequestCount = 6 }, null, CancellationToken.None);
        Assert.Equal(6, result.SuccessCount);
        Assert.Equal(6, server.Requests);
        Assert.Equal(2, result.Metrics.Get("output_sequence_length")!.Avg); // "ok then"
    }

    [Fact]
    public async Task Cancellation_rate_cancels_requests_with_error_499()
    {
        await using var server = new ScriptedHttpServer(StreamingScript);
        var config = Config(server.Url) with { RequestCount = 4, RequestCancellationRate = 100, RequestCancellationDelaySeconds = 0.02 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(0, result.SuccessCount);
        var entry = Assert.Single(result.ErrorSummary);
        Assert.Equal(499, entry.Details.Code);
        Assert.Equal("RequestCancellationError", entry.Details.Type);
        Assert.All(result.Records, r => Assert.True(r.WasCancelled));
    }

    [Fact]
    public async Task Slow_responses_time_out_as_timeout_errors()
    {
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.SseHeader, 0), ($"data: {ScriptedHttpServer.Chunk(content: "late")}\n\n", 3000)]);
        var config = Config(server.Url) with { RequestCount = 2, Concurrency = 2, RequestTimeoutSeconds = 0.3 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        var entry = Assert.Single(result.ErrorSummary);
        Assert.Equal("TimeoutError", entry.Details.Type);
        Assert.Equal(2, entry.Count);
        Assert.All(result.Records, r => Assert.False(r.WasCancelled));
    }

    [Fact]
    public async Task Unreachable_server_fails_before_any_load_with_url_and_reason()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() =>
            ProfileRunner.RunAsync(Config($"127.0.0.1:{port}"), null, CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_returns_what_completed_marked_cancelled()
    {
        await using var server = new ScriptedHttpServer(StreamingScript);
        using var cts = new CancellationTokenSource();
        var progress = new InlineProgress(p =>
        {
            if (p.Completed >= 2)
            {
                cts.Cancel();
            }
        });
        var config = Config(server.Url) with { RequestCount = 10_000, Concurrency = 2 };
        var result = await ProfileRunner.RunAsync(config, progress, cts.Token);
        Assert.True(result.WasCancelled);
        Assert.InRange(result.SuccessCount, 1, 9_999);
        Assert.Equal(0, result.ErrorCount);
    }

    [Fact]
    public async Task Constant_request_rate_sends_on_schedule_and_reports_lag()
    {
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hi"), "[DONE]"), 0)]);
        var config = Config(server.Url) with { Concurrency = null, RequestRate = 50, RequestRateMode = RequestRateMode.Constant, RequestCount = 10 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(10, result.SuccessCount);

        // 10 requests at 50/s are intended exactly 180 ms apart end to end: the schedule never moves, whatever the load
        // (a late request goes out late, with its lag on record). The lag bound is generous: CI shares two cores.
        var starts = result.Records.Select(r => r.IntendedStartTimestamp).Order().ToArray();
        var spanMs = (starts[^1] - starts[0]) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        Assert.InRange(spanMs, 179.99, 180.01);
        Assert.InRange(result.Metrics.Get("schedule_lag")!.Stats!.Max, 0, 1000);
        Assert.NotNull(result.Metrics.Get("request_latency_from_intended"));
    }

    [Fact]
    public async Task Duration_mode_stops_sending_after_the_duration()
    {
        await using var server = new ScriptedHttpServer(StreamingScript);
        var config = Config(server.Url) with { RequestCountSet = false, BenchmarkDurationSeconds = 1, BenchmarkGracePeriodSeconds = 5, Concurrency = 2 };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        // ~100 ms per request, 2 at a time: ~20 in the second. Bounds for a loaded machine: the 5 s grace period is the
        // most a stopped run may wait, and a run that kept sending would take far longer.
        Assert.InRange(started.Elapsed.TotalSeconds, 1, 6.5);
        Assert.InRange(result.SuccessCount, 2, 30);
    }

    private sealed class InlineProgress(Action<ProfileProgress> report) : IProgress<ProfileProgress>
    {
        public void Report(ProfileProgress value) => report(value);
    }
}
