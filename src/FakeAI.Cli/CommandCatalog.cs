using System.CommandLine;
using FakeAI.Cli.Server;
using Spectre.Console;

namespace FakeAI.Cli;

/// <summary>The subcommands of <c>fakeai</c>, one line each, so each command lives in its own folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(IAnsiConsole console)
    {
        yield return ServerCommand.Create(console);
        yield return Profile.ProfileCommand.Create(console);
        yield return Compare.CompareCommand.Create(console);
        yield return Suite.SuiteCommand.Create(console);
        yield return Benchmark.BenchCommand.Create(console);
        yield return Calibrate.CalibrateCommand.Create(console);
    }
}
