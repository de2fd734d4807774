namespace FakeAI.Cli.Tests.Profile;

/// <summary>No silent caps: settings the run cannot honour and output lengths the server ignored are one console line each.</summary>
public sealed class ProfileWarningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-warnings-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<(int ExitCode, string Output)> ProfileAsync(params string[] extra) =>
        CliRunner.RunAsync([
            "profile", "-m", "m", "--isl", "10", "--ttft", "1", "--itl", "0.1", "--ui", "none",
            "--artifact-dir", Path.Combine(_directory, Guid.NewGuid().ToString("N")), .. extra]);

    private static string[] WarningLines(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("warning:", StringComparison.Ordinal))];

    [Fact]
    public async Task Concurrency_above_the_request_count_is_reported_before_the_run()
    {
        var (exitCode, output) = await ProfileAsync("--concurrency", "8", "--request-count", "3");

        Assert.Equal(0, exitCode);
        var warning = Assert.Single(WarningLines(output));
        Assert.Equal("warning: --concurrency 8 exceeds --request-count 3: at most 3 requests will be in flight.", warning);
        Assert.True(output.IndexOf(warning, StringComparison.Ordinal) < output.IndexOf("Request Count", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_output_length_the_server_did_not_honour_is_reported_and_a_matching_one_is_not()
    {
        // The extra input overrides the requested max_completion_tokens, as a server that ignores it would: 10 tokens, not 20.
        var (_, ignored) = await ProfileAsync("--request-count", "4", "--osl", "20", "--extra-inputs", "max_completion_tokens:10");
        var (_, honoured) = await ProfileAsync("--request-count", "4", "--osl", "20");

        var warning = Assert.Single(WarningLines(ignored));
        Assert.StartsWith("warning: measured average output sequence length 10.00 differs from the requested 20 (--output-tokens-mean) by 50.0 %", warning, StringComparison.Ordinal);
        Assert.Empty(WarningLines(honoured));
    }
}
