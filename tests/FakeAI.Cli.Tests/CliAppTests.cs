using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task Usage_errors_are_one_line_and_exit_2_even_on_a_narrow_redirected_console()
    {
        var console = new TestConsole();
        console.Profile.Width = 40;
        var longValue = new string('x', 120);

        var exitCode = await CliApp.RunAsync(["server", "--ttft", longValue], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exitCode);
        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(longValue, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_subcommand_is_a_usage_error()
    {
        var console = new TestConsole();

        var exitCode = await CliApp.RunAsync(["no-such-command"], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("error:", console.Output, StringComparison.Ordinal);
    }
}
