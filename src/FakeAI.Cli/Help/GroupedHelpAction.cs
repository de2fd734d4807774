using System.CommandLine;
using System.CommandLine.Invocation;
using FakeAI.Cli.Profile;

namespace FakeAI.Cli.Help;

/// <summary>
/// <c>--help</c> for every command: options in titled groups (see <see cref="HelpGroup"/>), defaults written the same
/// way everywhere, plain text wrapped at <paramref name="width"/> so it reads the same in a terminal and through a pipe.
/// </summary>
internal sealed class GroupedHelpAction(int width) : SynchronousCommandLineAction
{
    /// <summary>Help is shown even when the rest of the command line is incomplete (e.g. a required argument).</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        new HelpWriter(parseResult.InvocationConfiguration.Output, width).Write(command, GroupsOf(command));
        return ExitCodes.Success;
    }

    private static IReadOnlyList<HelpGroup> GroupsOf(Command command) => command.Name switch
    {
        "profile" => ProfileHelpGroups.All,
        _ => [],
    };
}
