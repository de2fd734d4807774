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

    [Fact]
    public async Task Numbers_on_the_command_line_are_read_the_same_under_any_culture()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fakeai-culture-" + Guid.NewGuid().ToString("N"));
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var console = new TestConsole();
            var exitCode = await CliApp.RunAsync(
                ["profile", "-m", "m", "--request-rate", "0.5", "--request-count", "2", "--ttft", "1", "--itl", "1", "--ui", "none", "--artifact-dir", directory],
                console,
                CancellationToken.None);

            Assert.Equal(0, exitCode);
            using var export = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "profile_export_aiperf.json")));
            var loadgen = export.RootElement.GetProperty("input_config").GetProperty("loadgen");
            Assert.Equal(0.5, loadgen.GetProperty("request_rate").GetDouble());

            // The caller's culture is its own again.
            Assert.Equal("de-DE", System.Globalization.CultureInfo.CurrentCulture.Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
