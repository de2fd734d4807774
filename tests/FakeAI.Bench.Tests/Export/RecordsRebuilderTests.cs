using System.Text.Json;
using FakeAI.Bench.Export;

namespace FakeAI.Bench.Tests.Export;

/// <summary>The live records journal and the rebuild from it: the summary recomputed from the JSONL equals the run's own.</summary>
public sealed class RecordsRebuilderTests
{
    [Fact]
    public async Task The_summary_rebuilt_from_the_journal_equals_the_runs_own()
    {
        var calls = 0;
        await using var server = new ScriptedHttpServer(_ => Interlocked.Increment(ref calls) % 3 == 0
            ? [(ScriptedHttpServer.Json(500, "{\"error\":{\"message\":\"boom\"}}"), 0)]
            : [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hello"), ScriptedHttpServer.Chunk(content: " world"), "[DONE]"), 5)]);
        var directory = Path.Combine(Path.GetTempPath(), "fakeai-rebuild-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = new ProfileConfig
            {
                Models = ["m"], Url = server.Url, Streaming = true, Concurrency = 3, RequestCount = 30, RequestCountSet = true,
                InputTokensMean = 12, RandomSeed = 3, Goodput = [new GoodputTarget("request_latency", 10_000)],
            };
            var records = Path.Combine(directory, ProfileExporter.DefaultRecordsFileName);
            var result = await ProfileRunner.RunAsync(config, null, _ => records, TimeProvider.System, CancellationToken.None);
            Assert.Equal(30, File.ReadAllLines(records).Length);

            var rebuilt = await RecordsRebuilder.RebuildAsync(directory, records, CancellationToken.None);
            Assert.Equal(0, rebuilt.SkippedLines);
            Assert.False(rebuilt.Result.WasCancelled);
            Assert.Equal(result.SuccessCount, rebuilt.Result.SuccessCount);
            Assert.Equal(result.ErrorSummary, rebuilt.Result.ErrorSummary);
            Assert.Equal(result.Metrics.Results.Select(m => m.Tag), rebuilt.Result.Metrics.Results.Select(m => m.Tag));
            foreach (var (original, again) in result.Metrics.Results.Zip(rebuilt.Result.Metrics.Results))
            {
                Assert.Equal(original.Avg, again.Avg, 1e-6 * Math.Max(1, Math.Abs(original.Avg)));
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(rebuilt.JsonPath));
            Assert.True(json.RootElement.GetProperty("rebuilt_from_records").GetBoolean());
            Assert.Equal(20, json.RootElement.GetProperty("good_request_count").GetProperty("avg").GetDouble());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_last_line_cut_off_is_skipped_but_a_broken_line_inside_is_an_error_naming_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fakeai-rebuild-" + Guid.NewGuid().ToString("N"));
        await using var server = new ScriptedHttpServer(_ => [(ScriptedHttpServer.Sse(ScriptedHttpServer.Chunk(content: "hi"), "[DONE]"), 0)]);
        try
        {
            var records = Path.Combine(directory, ProfileExporter.DefaultRecordsFileName);
            var config = new ProfileConfig { Models = ["m"], Url = server.Url, Streaming = true, RequestCount = 3, RequestCountSet = true, InputTokensMean = 5 };
            await ProfileRunner.RunAsync(config, null, _ => records, TimeProvider.System, CancellationToken.None);
            var lines = File.ReadAllLines(records);
            await File.WriteAllTextAsync(records, string.Join('\n', lines) + "\n" + lines[0][..40]);
            var rebuilt = await RecordsRebuilder.RebuildAsync(directory, records, CancellationToken.None);
            Assert.Equal(1, rebuilt.SkippedLines);
            Assert.Equal(3, rebuilt.Result.SuccessCount);

            await File.WriteAllTextAsync(records, lines[0] + "\n{\"metadata\":\n" + lines[1] + "\n");
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => RecordsRebuilder.RebuildAsync(directory, records, CancellationToken.None));
            Assert.Contains("profile_export.jsonl:2:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
