using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakeai-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(400, args);

    private static async Task<(int ExitCode, string Output)> RunAsync(int width, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = width;
        var exitCode = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (exitCode, console.Output);
    }

    [Fact]
    public async Task Regression_fails_only_with_fail_on_regression_and_the_markdown_is_written()
    {
        var output = Path.Combine(_dir, "nested", "comparison.md");

        var (lenient, text) = await RunAsync(80, "compare", Fixture("profile_a.json"), Fixture("profile_b.json"), "--output", output);
        var (strict, _) = await RunAsync("compare", Fixture("profile_a.json"), Fixture("profile_b.json"), "--fail-on-regression");

        Assert.Equal(0, lenient);
        Assert.Equal(1, strict);
        Assert.Contains("3 regressions beyond 5 %.", text, StringComparison.Ordinal);
        // Printed unwrapped despite the 80-column test console, so the printed table is valid Markdown too.
        Assert.Contains("| request_latency.p99 | ms | 300 | 360 | +60 | +20.0 % **REGRESSION** |\n", text, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(output);
        Assert.StartsWith("# Benchmark Comparison", markdown, StringComparison.Ordinal);
        Assert.Contains("| request_latency.p99 | ms | 300 | 360 | +60 | +20.0 % **REGRESSION** |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threshold_option_changes_what_counts()
    {
        var (exitCode, text) = await RunAsync(
            "compare", Fixture("profile_a.json"), Fixture("profile_b.json"), "--threshold", "25", "--fail-on-regression");

        // Only the error count (0 → 3) is still a regression: from a baseline of 0 any increase counts.
        Assert.Equal(1, exitCode);
        Assert.Contains("1 regression beyond 25 %.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_regression_exits_zero_even_when_strict()
    {
        var (exitCode, text) = await RunAsync("compare", Fixture("suite_a.json"), Fixture("suite_b.json"), "--fail-on-regression");

        Assert.Equal(0, exitCode);
        Assert.Contains("No regression beyond the threshold.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foreign.json", "not a result file")]
    [InlineData("truncated.json", "not valid JSON")]
    [InlineData("does-not-exist.json", "file not found")]
    public async Task Bad_files_exit_2_naming_the_file(string name, string reason)
    {
        var (exitCode, text) = await RunAsync("compare", Fixture("profile_a.json"), Fixture(name));

        Assert.Equal(2, exitCode);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_file_or_a_negative_threshold_is_a_usage_error()
    {
        Assert.Equal(2, (await RunAsync("compare", Fixture("profile_a.json"))).ExitCode);
        Assert.Equal(2, (await RunAsync("compare", Fixture("profile_a.json"), Fixture("profile_b.json"), "--threshold", "-1")).ExitCode);
    }

    [Fact]
    public async Task Unwritable_output_is_a_usage_error()
    {
        var blocker = Path.Combine(_dir, "file");
        await File.WriteAllTextAsync(blocker, "x");

        var (exitCode, text) = await RunAsync(
            "compare", Fixture("profile_a.json"), Fixture("profile_b.json"), "--output", Path.Combine(blocker, "out.md"));

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot write", text, StringComparison.Ordinal);
    }
}
