using FakeAI.Server;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests;

/// <summary>Runs the real command line against a wide <see cref="TestConsole"/>; starts fast in-process servers.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var exitCode = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (exitCode, console.Output);
    }

    /// <summary>A loopback server with 1 ms TTFT and 0.1 ms ITL, so 100-token answers take about 11 ms.</summary>
    public static Task<FakeAIServer> StartFastServerAsync(Action<FakeAIServerOptions>? configure = null)
    {
        var options = new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Exact(1), Itl = LatencySpec.Exact(0.1) };
        configure?.Invoke(options);
        return FakeAIServer.StartAsync(options);
    }
}
