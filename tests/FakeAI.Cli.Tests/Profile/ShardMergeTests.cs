using System.Globalization;
using System.Text.Json;
using FakeAI.Bench.Metrics;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>
/// <c>fakeai profile --shard i/N</c> and <c>fakeai profile merge</c> end to end: two shards run in-process against one
/// loopback server from a shared <c>--start-at</c>, their merge holds exactly the requests (credit numbers, conversations,
/// turns) of the one-process run of the same options, and its metrics are computed over the union of their records.
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fakeai-shards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Two_shards_merged_send_the_one_process_plan_and_their_metrics_come_from_the_union_of_records()
    {
        await using var server = await CliRunner.StartFastServerAsync();
        string[] Args(string directory) =>
        [
            "profile", "-m", "m", "--url", server.Url.ToString(), "--streaming", "--concurrency", "4", "--request-count", "40",
            "--conversation-num", "12", "--conversation-turn-mean", "2", "--conversation-turn-stddev", "1", "--isl", "20", "--osl", "8",
            "--random-seed", "7", "--ui", "none", "--no-client-warmup", "--artifact-dir", Path.Combine(_root, directory),
        ];

        var (single, singleOutput) = await CliRunner.RunAsync(Args("single"));
        Assert.True(single == 0, singleOutput);

        // Both shards wait for the same instant, a moment after both have started.
        var startAt = DateTimeOffset.UtcNow.AddSeconds(4).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var shards = await Task.WhenAll(
            CliRunner.RunAsync([.. Args("shard0"), "--shard", "0/2", "--start-at", startAt]),
            CliRunner.RunAsync([.. Args("shard1"), "--shard", "1/2", "--start-at", startAt]));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.Output));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "shard1", "shard.json"))).RootElement;
        Assert.Equal(1, manifest.GetProperty("index").GetInt32());
        Assert.Equal(2, manifest.GetProperty("count").GetInt32());
        Assert.Equal(7, manifest.GetProperty("seed").GetInt32());
        Assert.Equal(64, manifest.GetProperty("plan_hash").GetString()!.Length);

        var merged = Path.Combine(_root, "merged");
        var (exitCode, output) = await CliRunner.RunAsync("profile", "merge", Path.Combine(_root, "shard1"), Path.Combine(_root, "shard0"), "--output-artifact-dir", merged);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Merged 2 shards", output, StringComparison.Ordinal);

        // The same requests: every (credit, conversation, turn) of the one-process run, each once, and nothing else.
        var singleRecords = Records(Path.Combine(_root, "single"));
        var mergedRecords = Records(merged);
        Assert.Equal(singleRecords.Count, mergedRecords.Count);
        Assert.Equal(singleRecords.Select(r => r.Key).Order(), mergedRecords.Select(r => r.Key).Order());
        Assert.Equal(40, mergedRecords.Select(r => r.Key.Split('|')[0]).Distinct().Count());

        // Each shard sent its k6 block of the 40 credits: 0…19 and 20…39.
        Assert.All(Records(Path.Combine(_root, "shard0")), r => Assert.InRange(int.Parse(r.Key.Split('|')[0], CultureInfo.InvariantCulture), 0, 19));

        // The merged percentile is the union's (numpy's type 7 over all records), not a mix of the shards' summaries.
        var union = mergedRecords.Select(r => r.LatencyMs).ToArray();
        var shardP90s = new[] { "shard0", "shard1" }.Select(d => Summary(Path.Combine(_root, d)).GetProperty("request_latency").GetProperty("p90").GetDouble()).ToArray();
        var summary = Summary(merged);
        var p90 = summary.GetProperty("request_latency").GetProperty("p90").GetDouble();
        Assert.Equal(Statistics.Summarize(union).PercentileValues[Statistics.Percentiles.ToList().IndexOf(90)], p90, 1e-9);
        Assert.NotEqual(shardP90s.Average(), p90, 1e-9);
        Assert.Equal(mergedRecords.Count, (int)summary.GetProperty("request_count").GetProperty("avg").GetDouble());
        Assert.Equal(2, summary.GetProperty("merged_from_shards").GetProperty("shards").GetInt32());
    }

    [Fact]
    public async Task Merge_refuses_an_incomplete_set_in_one_line()
    {
        await using var server = await CliRunner.StartFastServerAsync();
        var directory = Path.Combine(_root, "shard0");
        var (run, runOutput) = await CliRunner.RunAsync("profile", "-m", "m", "--url", server.Url.ToString(), "--request-count", "4", "--concurrency", "2", "--random-seed", "1", "--shard", "0/2", "--ui", "none", "--no-client-warmup", "--artifact-dir", directory);
        Assert.True(run == 0, runOutput);

        var (exitCode, output) = await CliRunner.RunAsync("profile", "merge", directory, "--output-artifact-dir", Path.Combine(_root, "merged"));
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("incomplete set: 1 of 2 shards given; missing 1/2", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--shard", "2/2", "--shard '2/2'")]
    [InlineData("--start-at", "2026-12-02T18:00:00", "--start-at '2026-12-02T18:00:00' is not an ISO-8601 instant")]
    public async Task A_bad_shard_option_is_a_usage_error(string option, string value, string expected)
    {
        var (exitCode, output) = await CliRunner.RunAsync("profile", "-m", "m", "--url", "http://127.0.0.1:9", "--random-seed", "1", option, value);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_ready_after_its_start_instant_sends_nothing_and_exits_with_its_own_code()
    {
        await using var server = await CliRunner.StartFastServerAsync();
        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "m", "--url", server.Url.ToString(), "--random-seed", "1", "--shard", "0/1", "--ui", "none", "--no-client-warmup",
            "--start-at", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture), "--artifact-dir", Path.Combine(_root, "late"));
        Assert.Equal(ExitCodes.ShardStartMissed, exitCode);
        Assert.Contains("passed", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "late", "profile_export_aiperf.json")));
        Assert.False(File.Exists(Path.Combine(_root, "late", "profile_export.jsonl")));
    }

    private static List<(string Key, double LatencyMs)> Records(string directory) =>
        [.. File.ReadAllLines(Path.Combine(directory, "profile_export.jsonl")).Where(l => l.Length > 0).Select(l =>
        {
            var root = JsonDocument.Parse(l).RootElement;
            var metadata = root.GetProperty("metadata");
            var key = string.Join('|', metadata.GetProperty("session_num").GetInt32(), metadata.GetProperty("conversation_id").GetString(), metadata.GetProperty("turn_index").GetInt32());
            return (key, root.GetProperty("metrics").GetProperty("request_latency").GetProperty("value").GetDouble());
        })];

    private static JsonElement Summary(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "profile_export_aiperf.json"))).RootElement;
}
