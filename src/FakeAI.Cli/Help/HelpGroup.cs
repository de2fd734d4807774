namespace FakeAI.Cli.Help;

/// <summary>A titled section of a command's <c>--help</c>: the options it lists, by their primary name, in order.</summary>
internal sealed record HelpGroup(string Title, IReadOnlyList<string> OptionNames);
