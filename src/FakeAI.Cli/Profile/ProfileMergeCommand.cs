using System.CommandLine;
using FakeAI.Bench.Export;
using Spectre.Console;

namespace FakeAI.Cli.Profile;

/// <summary><c>fakeai profile merge DIR…</c>: the exports of a whole run from its shards' artifact directories
/// (<see cref="ShardMerger"/>); nothing is sent.</summary>
internal static class ProfileMergeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var directories = new Argument<string[]>("directories")
        {
            Description = "The artifact directories of every shard of one run (each holds shard.json), in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output-artifact-dir", "--artifact-dir", "--artifact-directory")
        {
            Description = "Where the merged exports go (default artifacts/<model>-openai-<type>-<stimulus>, as a one-process run).",
        };
        var command = new Command("merge", "Merge the shards of a `fakeai profile --shard i/N` run: every metric recomputed over all their records.")
        {
            directories,
            output,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(directories) ?? [], parse.GetValue(output), console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] directories, string? output, IAnsiConsole console, CancellationToken cancellationToken)
    {
        MergedRun merged;
        try
        {
            merged = await ShardMerger.MergeAsync(directories, output, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException(e.Message, e);
        }

        new ProfileRenderer(console).Merged(merged);
        return ExitCodes.Success;
    }
}
