using System.Diagnostics;
using System.Text.Json;

namespace FakeAI.Bench.Tests.Engine;

public sealed class LoadModeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-modes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IReadOnlyList<(string, int)> Quick(string _) =>
        [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hi"), ScriptedHttpServer.Chunk(content: " there"), "[DONE]"), 0)];

    [Fact]
    public async Task Fixed_schedule_replays_trace_offsets_from_the_first_timestamp()
    {
        var trace = Path.Combine(_directory, "trace.jsonl");
        await File.WriteAllTextAsync(trace, "{\"timestamp\": 1000, \"input_length\": 10, \"output_length\": 5}\n{\"timestamp\": 1150, \"input_length\": 10, \"output_length\": 5}\n{\"timestamp\": 1300, \"input_length\": 12, \"output_length\": 5}\n");
        await using var server = new ScriptedHttpServer(Quick);
        var config = new ProfileConfig
        {
            Models = ["m"], Url = server.Url, Streaming = true, InputFile = trace,
            CustomDatasetType = CustomDatasetType.MooncakeTrace, FixedScheduleAutoOffset = true, RandomSeed = 1,
        };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);

        Assert.True(result.Config.FixedSchedule); // switched on by the timestamps, as aiperf does
        Assert.Equal(3, result.SuccessCount);
        var intended = result.Records.OrderBy(r => r.IntendedStartTimestamp).Select(r => (r.IntendedStartTimestamp - result.Records.Min(x => x.IntendedStartTimestamp)) * 1000.0 / Stopwatch.Frequency).ToArray();
        Assert.Equal(0, intended[0], 3);
        Assert.InRange(intended[1], 149.9, 160);
        Assert.InRange(intended[2], 299.9, 320);
        Assert.Equal("openai-chat-fixed_schedule", result.Config.ArtifactDirectoryName()[2..]);
    }

    [Fact]
    public async Task Warmup_requests_are_sent_but_excluded_from_results()
    {
        await using var server = new ScriptedHttpServer(Quick);
        var config = new ProfileConfig { Models = ["m"], Url = server.Url, Streaming = true, Concurrency = 2, RequestCount = 5, WarmupRequestCount = 3, InputTokensMean = 5, RandomSeed = 1 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(8, server.Requests);
        Assert.Equal(5, result.Records.Count);
        Assert.All(result.Records, r => Assert.Equal(Records.BenchmarkPhase.Profiling, r.Phase));
    }

    [Fact]
    public async Task Non_streaming_run_reads_the_whole_body_and_reports_no_ttft()
    {
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Json(200, "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"four tokens here ok\"}}]}"), 30)]);
        var config = new ProfileConfig { Models = ["m"], Url = server.Url, Concurrency = 1, RequestCount = 3, InputTokensMean = 5, RandomSeed = 1 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(3, result.SuccessCount);
        Assert.Null(result.Metrics.Get("time_to_first_token"));
        Assert.InRange(result.Metrics.Get("request_latency")!.Stats!.Min, 15, 2000); // a 30 ms Task.Delay may end a coarse clock tick early
        Assert.Equal(4, result.Metrics.Get("output_sequence_length")!.Avg);
        lock (server.Bodies)
        {
            Assert.All(server.Bodies, b => Assert.False(JsonDocument.Parse(b).RootElement.GetProperty("stream").GetBoolean()));
        }
    }

    [Fact]
    public async Task Several_models_are_used_round_robin()
    {
        await using var server = new ScriptedHttpServer(Quick);
        var config = new ProfileConfig { Models = ["a", "b"], Url = server.Url, Streaming = true, Concurrency = 1, RequestCount = 4, InputTokensMean = 5, RandomSeed = 1 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(["a", "b", "a", "b"], result.Records.Select(r => r.Model));
        lock (server.Bodies)
        {
            Assert.Equal(["a", "b", "a", "b"], server.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("model").GetString()));
        }

        Assert.Equal("a_multi-openai-chat-concurrency1", config.ArtifactDirectoryName());
    }
}
