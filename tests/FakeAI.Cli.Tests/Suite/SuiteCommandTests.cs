using System.Text.Json;

namespace FakeAI.Cli.Tests.Suite;

[Collection(LoadTests.Name)]
public sealed class SuiteCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakeai-suite-").FullName;

    /// <summary>The last run's folder: each suite writes into its own run folder, and suite-latest points at it.</summary>
    private string Run => Path.Combine(_dir, "suite-latest");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Quick_suite_writes_exports_summary_report_and_charts_and_continues_after_a_failed_run()
    {
        // Strict models: the unknown model's run fails (404 on every request); the suite must go on to the next model.
        await using var server = await CliRunner.StartFastServerAsync(o => o.StrictModels = true);

        var (exitCode, output) = await CliRunner.RunAsync(
            "suite", "--url", server.Url.ToString(), "--quick", "--concurrency", "8",
            "--models", "nope/unknown-model", "meta-llama/Llama-3.1-8B-Instruct", "--artifact-dir", _dir);

        Assert.Equal(1, exitCode);
        Assert.Contains("2 runs, 1 successful, 1 failed", output, StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Run, "benchmark_summary.json")));
        var root = summary.RootElement;
        Assert.Equal("fakeai.suite.v1", root.GetProperty("schema").GetString());
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        var runs = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("unknown-model-chat-concurrency8-streaming", runs[0].GetProperty("name").GetString());
        Assert.False(runs[0].GetProperty("success").GetBoolean());
        Assert.Contains("all 100 requests failed", runs[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        var ok = runs[1];
        Assert.True(ok.GetProperty("success").GetBoolean());
        Assert.Equal(8, ok.GetProperty("config").GetProperty("concurrency").GetInt32());
        var metrics = ok.GetProperty("metrics");
        Assert.Equal(100, metrics.GetProperty("request_count").GetDouble());
        Assert.Equal(0, metrics.GetProperty("error_count").GetDouble());

        // Output token throughput is completion tokens over the benchmark window: it must equal total_osl / duration
        // from the run's own aiperf export, and it is about OSL (100) × request throughput, not (ISL + OSL) × throughput.
        var artifact = ok.GetProperty("artifact_dir").GetString()!;
        using var export = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(artifact, "profile_export_aiperf.json")));
        var totalOsl = export.RootElement.GetProperty("total_osl").GetProperty("avg").GetDouble();
        var duration = export.RootElement.GetProperty("benchmark_duration").GetProperty("avg").GetDouble();
        var tokensPerSecond = metrics.GetProperty("output_token_throughput").GetDouble();
        Assert.Equal(totalOsl / duration, tokensPerSecond, 6);
        var rps = metrics.GetProperty("request_throughput").GetDouble();
        Assert.InRange(tokensPerSecond / rps, 90, 110);
        Assert.True(metrics.GetProperty("time_to_first_token_p99").GetDouble() >= metrics.GetProperty("time_to_first_token_p50").GetDouble());
        Assert.True(File.Exists(Path.Combine(artifact, "profile_export.jsonl")));

        var report = await File.ReadAllTextAsync(Path.Combine(Run, "BENCHMARK_REPORT.md"));
        foreach (var section in new[] { "## Summary", "## Results", "## Charts", "## Failures", "## Configuration" })
        {
            Assert.Contains(section, report, StringComparison.Ordinal);
        }

        Assert.Contains("| unknown-model-chat-concurrency8-streaming (FAILED) |", report, StringComparison.Ordinal);
        Assert.Contains("- **unknown-model-chat-concurrency8-streaming** after", report, StringComparison.Ordinal);
        foreach (var chart in new[] { "throughput_vs_concurrency.png", "ttft_vs_concurrency.png", "itl_vs_concurrency.png" })
        {
            Assert.True(File.Exists(Path.Combine(Run, chart)), chart);
            Assert.Contains($"]({chart})", report, StringComparison.Ordinal);
        }

        var html = await File.ReadAllTextAsync(Path.Combine(Run, "report.html"));
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);

        // What the suite wrote is what compare reads: the summary against itself, and a run's own export in the mix.
        var summaryPath = Path.Combine(Run, "benchmark_summary.json");
        var (same, _) = await CliRunner.RunAsync("compare", summaryPath, summaryPath, "--fail-on-regression");
        Assert.Equal(0, same);
        var (mixed, table) = await CliRunner.RunAsync("compare", Path.Combine(artifact, "profile_export_aiperf.json"), summaryPath);
        Assert.Equal(0, mixed);
        Assert.Contains("| request_latency.p99 | ms |", table, StringComparison.Ordinal);
        Assert.Contains("| Llama-3.1-8B-Instruct-chat-concurrency8-streaming / request_latency.p99 | ms | — |", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comma_separated_models_all_run_and_each_suite_keeps_its_own_folder()
    {
        await using var server = await CliRunner.StartFastServerAsync();

        var (first, output) = await CliRunner.RunAsync(
            "suite", "--url", server.Url.ToString(), "--quick", "--concurrency", "4", "--models", "m1,m2", "--artifact-dir", _dir);
        Assert.True(first == 0, output);
        Assert.Contains("Warm-up: 20 requests (streaming at concurrency 4) before the first measured run", output, StringComparison.Ordinal);
        var (second, secondOutput) = await CliRunner.RunAsync(
            "suite", "--url", server.Url.ToString(), "--quick", "--concurrency", "4", "--models", "m3", "--no-warmup", "--output-dir", _dir);
        Assert.True(second == 0, secondOutput);

        var runs = Directory.GetDirectories(_dir, "suite-2*").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, runs.Count);
        using (var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runs[0], "benchmark_summary.json"))))
        {
            Assert.Equal(
                ["m1-chat-concurrency4-streaming", "m2-chat-concurrency4-streaming"],
                summary.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            Assert.StartsWith("20 requests", summary.RootElement.GetProperty("warmup").GetString(), StringComparison.Ordinal);
        }

        // suite-latest now names the second run; the first is untouched beside it.
        using (var latest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Run, "benchmark_summary.json"))))
        {
            var run = Assert.Single(latest.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal("m3-chat-concurrency4-streaming", run.GetProperty("name").GetString());
            Assert.False(latest.RootElement.TryGetProperty("warmup", out _));
        }

        var report = await File.ReadAllTextAsync(Path.Combine(Run, "BENCHMARK_REPORT.md"));
        Assert.Contains("- Warm-up: none (--no-warmup)", report, StringComparison.Ordinal);
        Assert.Contains("- Server settings: not known to the suite", report, StringComparison.Ordinal);

        // The console's figures are the report's: each "ok:" line's numbers appear in the run's row of the results table.
        var okLine = secondOutput.Split('\n').Single(l => l.Contains("ok: ", StringComparison.Ordinal));
        var figures = System.Text.RegularExpressions.Regex.Matches(okLine, @"\d+\.\d\d").Select(m => m.Value).ToList();
        Assert.Equal(4, figures.Count);
        var row = report.Split('\n').First(l => l.StartsWith("| m3-chat-concurrency4-streaming |", StringComparison.Ordinal));
        Assert.All(figures, f => Assert.Contains($"| {f} |", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_server_is_one_line_and_exit_3_before_any_run()
    {
        var (exitCode, output) = await CliRunner.RunAsync("suite", "--url", "http://127.0.0.1:9", "--quick", "--artifact-dir", _dir);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("cannot reach http://127.0.0.1:9/", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(Run, "benchmark_summary.json")));
    }

    [Fact]
    public async Task Kv_flags_configure_the_embedded_server()
    {
        var (exitCode, output) = await CliRunner.RunAsync(
            "suite", "--quick", "--models", "m", "--kv-workers", "2", "--router", "round-robin", "--artifact-dir", _dir);

        Assert.True(exitCode == 0, output);
        Assert.Contains("KV cache on (2 workers, round-robin router", output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(Path.Combine(Run, "BENCHMARK_REPORT.md"));
        Assert.Contains("- Server settings: TTFT 20 ms, ITL 5 ms, KV cache on (2 workers, round-robin router", report, StringComparison.Ordinal);

        var (invalid, line) = await CliRunner.RunAsync("suite", "--quick", "--kv-workers", "0", "--artifact-dir", _dir);
        Assert.Equal(2, invalid);
        Assert.Contains("embedded server:", line, StringComparison.Ordinal);
        var (withUrl, _) = await CliRunner.RunAsync("suite", "--url", "http://127.0.0.1:9", "--no-kv-cache", "--artifact-dir", _dir);
        Assert.Equal(2, withUrl);
    }

    [Fact]
    public async Task Bad_flags_are_usage_errors()
    {
        Assert.Equal(2, (await CliRunner.RunAsync("suite", "--concurrency", "0", "--artifact-dir", _dir)).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("suite", "--endpoint-type", "nope", "--artifact-dir", _dir)).ExitCode);
    }
}
