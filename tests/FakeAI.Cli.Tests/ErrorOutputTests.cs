using System.Net;
using System.Net.Sockets;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests;

/// <summary>Errors as a script sees them: one line on the error console, words instead of .NET types, shared exit codes.</summary>
public sealed class ErrorOutputTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-errors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new TestConsole();
        var errors = new TestConsole();
        output.Profile.Width = 300;
        var exitCode = await CliApp.RunAsync(args, output, errors, CancellationToken.None);
        return (exitCode, output.Output, errors.Output);
    }

    [Theory]
    [InlineData("profile -m m --concurency 5", "unknown option '--concurency' (did you mean --concurrency?)")]
    [InlineData("profile -m m --request-cont 5", "(did you mean --request-count?)")]
    [InlineData("suite --modles a", "(did you mean --models?)")]
    [InlineData("server --prot 8000", "(did you mean --port?)")]
    [InlineData("profle -m m", "unknown command 'profle' (did you mean profile?)")]
    [InlineData("bench thruput", "unknown benchmark 'thruput' (did you mean throughput?")]
    [InlineData("profile -m m --concurrency abc", "--concurrency expects a whole number, got 'abc'")]
    [InlineData("profile -m m --request-rate fast", "--request-rate expects a number, got 'fast'")]
    [InlineData("suite --concurrency 10 x", "--concurrency expects a whole number, got 'x'")]
    [InlineData("server --port http", "--port expects a whole number, got 'http'")]
    public async Task Usage_errors_go_to_the_error_console_as_one_line_in_words(string commandLine, string expected)
    {
        var (exitCode, output, errors) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(errors.Trim().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_far_from_every_option_gets_no_suggestion()
    {
        var (_, _, errors) = await RunAsync("profile", "-m", "m", "--zzzzzzzz");

        Assert.Contains("unknown option '--zzzzzzzz' (see fakeai profile --help)", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile -m m --ui none --url {0} --artifact-dir {1}")]
    [InlineData("suite --quick --url {0} --artifact-dir {1}")]
    [InlineData("bench throughput --quick --url {0} --output-dir {1}")]
    public async Task An_unreachable_url_exits_with_the_same_code_from_every_command(string commandLine)
    {
        var url = "http://127.0.0.1:" + FreePort();
        var args = string.Format(System.Globalization.CultureInfo.InvariantCulture, commandLine, url, _directory).Split(' ');

        var (exitCode, _, errors) = await RunAsync(args);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains($"cannot reach {url}/", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_suggests_port_0()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, _, errors) = await RunAsync("server", "--host", "127.0.0.1", "--port", port);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", errors, StringComparison.Ordinal);
        Assert.Contains("--port 0", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_documents_exactly_the_exit_code_table()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));
        var section = readme[readme.IndexOf("## Exit codes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = section.Split('\n')
            .Where(l => l.Length > 2 && l[0] == '|' && char.IsDigit(l[2]))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Select(c => new ExitCodeMeaning(int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), c[2]))
            .ToList();

        Assert.Equal(ExitCodes.Table, rows);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
