using System.Diagnostics;
using System.Text.Json;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>A real <c>fakeai profile</c> child process killed with SIGKILL mid-run: the records it measured up to a moment
/// before the kill are on disk, and <c>--from-records</c> rebuilds the summary exports from them.</summary>
public sealed class KilledRunTests
{
    [Fact]
    public async Task Sigkill_mid_run_leaves_the_records_on_disk_and_from_records_rebuilds_the_summary()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fakeai-killed-" + Guid.NewGuid().ToString("N"));
        var records = Path.Combine(directory, "profile_export.jsonl");
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "fakeai.dll"), "profile", "-m", "m", "--streaming", "--concurrency", "4",
            "--request-count", "1000000", "--ttft", "2", "--itl", "1", "--osl", "5", "--isl", "20", "--ui", "none",
            "--artifact-dir", directory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        _ = child.StandardOutput.ReadToEndAsync();
        _ = child.StandardError.ReadToEndAsync();
        try
        {
            // Let it measure for a while (the JSONL grows as requests complete), then kill it without any warning.
            var waited = Stopwatch.StartNew();
            while (CountLines(records) < 200 && waited.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited)
            {
                await Task.Delay(100);
            }

            await Task.Delay(500);
            Assert.False(child.HasExited, "the run ended before it could be killed");
            var killedAtNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
            child.Kill();
            await child.WaitForExitAsync();

            // Every line but possibly a last one cut off mid-write is a complete record; the newest is less than a second old.
            var lines = File.ReadAllLines(records).Where(l => l.Length > 0).ToArray();
            Assert.InRange(lines.Length, 200, 999_999);
            var ends = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("metadata").GetProperty("request_end_ns").GetInt64()).ToArray();
            Assert.InRange(killedAtNs - ends.Max(), 0, 1_000_000_000);
            Assert.False(File.Exists(Path.Combine(directory, "profile_export_aiperf.json")));

            var (exitCode, output) = await CliRunner.RunAsync("profile", "--from-records", directory);
            Assert.Equal(0, exitCode);
            Assert.Contains("Rebuilt from", output, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "profile_export_aiperf.json")));
            var root = json.RootElement;
            Assert.True(root.GetProperty("rebuilt_from_records").GetBoolean());
            Assert.True(root.GetProperty("was_cancelled").GetBoolean());
            var counted = root.GetProperty("request_count").GetProperty("avg").GetDouble() + (root.TryGetProperty("error_request_count", out var failed) ? failed.GetProperty("avg").GetDouble() : 0);
            Assert.InRange(counted, lines.Length - 1, lines.Length);
            // The rebuilt TTFT is the records' own: their mean (the last line counts only when it was written whole).
            var ttfts = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("metrics"))
                .Where(m => m.TryGetProperty("time_to_first_token", out _))
                .Select(m => m.GetProperty("time_to_first_token").GetProperty("value").GetDouble()).ToArray();
            Assert.InRange(root.GetProperty("time_to_first_token").GetProperty("avg").GetDouble(), ttfts.Average() * 0.99, ttfts.Average() * 1.01);
            Assert.Equal("m", root.GetProperty("input_config").GetProperty("endpoint").GetProperty("model_names")[0].GetString());
            Assert.True(File.Exists(Path.Combine(directory, "profile_export_aiperf.csv")));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task From_records_without_a_run_in_the_directory_is_a_usage_error()
    {
        var (exitCode, output) = await CliRunner.RunAsync("profile", "--from-records", Path.Combine(Path.GetTempPath(), "fakeai-none-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, exitCode);
        Assert.Contains("no per-request records at", output, StringComparison.Ordinal);
    }

    private static int CountLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var count = 0;
            int b;
            while ((b = stream.ReadByte()) >= 0)
            {
                count += b == '\n' ? 1 : 0;
            }

            return count;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }
}
