using FakeAI.Server;

namespace FakeAI.Cli.Tests.Calibrate;

public sealed class CalibrateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_delay_line_is_no_engine_the_fit_says_so_with_its_residuals_and_writes_nothing()
    {
        // A fixed TTFT and ITL at every load and prompt length is what no batching engine does: the twin cannot match it.
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(40);
            o.Itl = LatencySpec.Exact(4);
            o.KvCacheEnabled = false;
        });
        var output = Path.Combine(_directory, "engine.json");

        var (exitCode, text) = await CliRunner.RunAsync(
            "calibrate", "--url", server.Url.ToString(), "-m", "m", "--concurrency", "1,4", "--isl", "32,256", "--osl", "8", "--requests-per-client", "2", "-o", output);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("concurrency   4, prompt   256: TTFT p50", text, StringComparison.Ordinal);
        Assert.Contains("measured / twin (error)", text, StringComparison.Ordinal);
        Assert.Contains("nothing written", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_unreachable_server_stops_before_any_measurement()
    {
        var output = Path.Combine(_directory, "engine.json");

        var (exitCode, text) = await CliRunner.RunAsync("calibrate", "--url", "http://127.0.0.1:1", "-m", "m", "-o", output);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("cannot reach", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Every_bad_setting_is_named_at_once()
    {
        var (exitCode, text) = await CliRunner.RunAsync(
            "calibrate", "--url", "http://127.0.0.1:1", "-m", "m", "--concurrency", "0,x", "--isl", "-5", "--osl", "1", "--max-error", "0");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--concurrency: 'x' is not a whole number", text, StringComparison.Ordinal);
        Assert.Contains("--isl: give one or more prompt lengths", text, StringComparison.Ordinal);
        Assert.Contains("--osl: must be at least 2 tokens", text, StringComparison.Ordinal);
        Assert.Contains("--max-error: must be a fraction above 0", text, StringComparison.Ordinal);
    }
}
