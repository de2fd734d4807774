using FakeAI.Cli.Help;
using FakeAI.Cli.Profile;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests;

/// <summary>Every command's <c>--help</c>: runs, lists every option once, reads the same piped, shows defaults one way.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string> { string.Empty };
        foreach (var command in CliApp.BuildRootCommand(new TestConsole()).Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    private static async Task<string> HelpAsync(string command)
    {
        var console = new TestConsole(); // like a pipe: not interactive, no ANSI
        var args = command.Length == 0 ? new[] { "--help" } : [command, "--help"];
        var exitCode = await CliApp.RunAsync(args, console, CancellationToken.None);
        Assert.Equal(ExitCodes.Success, exitCode);
        return console.Output;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_lists_every_option_once_as_plain_text_within_the_width(string name)
    {
        var output = await HelpAsync(name);
        var command = name.Length == 0 ? CliApp.BuildRootCommand(new TestConsole()) : CliApp.BuildRootCommand(new TestConsole()).Subcommands.Single(c => c.Name == name);

        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= CliApp.HelpWidth, $"{line.Length} columns: {line}"));
        foreach (var option in HelpWriter.VisibleOptions(command))
        {
            var rows = output.Split('\n')
                .Where(l => l.StartsWith("  -", StringComparison.Ordinal))
                .Select(l => l.Trim().Split("  ")[0]) // the names column
                .Count(label => label.Split([',', ' ']).Contains(option.Name));
            Assert.True(rows == 1, $"{option.Name} listed {rows} times");
        }

        foreach (var subcommand in command.Subcommands)
        {
            Assert.Contains("  " + subcommand.Name + " ", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Defaults_are_written_one_way(string name)
    {
        var output = await HelpAsync(name);

        Assert.DoesNotContain("[default:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(default:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suite_help_shows_defaults_from_the_option_definitions()
    {
        var output = await HelpAsync("suite");

        Assert.Matches(@"--artifact-dir[^\n]*<value>\s+Folder for the runs: each suite writes into its own suite-<UTC\s+time> folder there, and\s+suite-latest points at the last one\s+\(default\s+artifacts\)", output);
    }

    [Fact]
    public async Task Profile_help_groups_options_as_docs_profile_md_does()
    {
        var output = await HelpAsync("profile");
        var profile = CliApp.BuildRootCommand(new TestConsole()).Subcommands.Single(c => c.Name == "profile");

        // The groups are the "###" sections of docs/profile.md's Options, in order, and hold the options its tables list there.
        var docs = DocsGroups(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "profile.md")));
        var docsTitles = docs.Select(d => d.Title).ToList();
        var helpTitles = ProfileHelpGroups.All.Select(g => g.Title).ToList();
        Assert.All(helpTitles, t => Assert.Contains(t, docsTitles));
        Assert.Equal(helpTitles.OrderBy(docsTitles.IndexOf), helpTitles);
        foreach (var (title, names) in docs)
        {
            if (ProfileHelpGroups.All.SingleOrDefault(g => g.Title == title) is not { } group)
            {
                Assert.DoesNotContain(names, n => profile.Options.Any(o => o.Name == n || o.Aliases.Contains(n)));
                continue;
            }

            var aliases = group.OptionNames.SelectMany(n => profile.Options.Where(o => o.Name == n).SelectMany(o => o.Aliases).Append(n)).ToHashSet(StringComparer.Ordinal);
            foreach (var documented in names.Where(n => profile.Options.Any(o => o.Name == n || o.Aliases.Contains(n))))
            {
                Assert.True(aliases.Contains(documented), $"{documented} is under '{title}' in docs/profile.md but not in that help group");
            }
        }

        var shown = ProfileHelpGroups.All.Where(g => profile.Options.Any(o => !o.Hidden && g.OptionNames.Contains(o.Name)));
        var positions = shown.Select(g => output.IndexOf("\n" + g.Title + ":\n", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    /// <summary>Each "### Title" under "## Options" with the option names in its table's first column.</summary>
    private static List<(string Title, List<string> Names)> DocsGroups(string markdown)
    {
        var options = markdown[markdown.IndexOf("\n## Options", StringComparison.Ordinal)..];
        options = options[..options.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var groups = new List<(string, List<string>)>();
        foreach (var line in options.Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                groups.Add((line[4..].Trim(), []));
            }
            else if (groups.Count > 0 && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var first = line.Split('|')[1];
                groups[^1].Item2.AddRange(System.Text.RegularExpressions.Regex.Matches(first, "`(-[^`]+)`").Select(m => m.Groups[1].Value));
            }
        }

        return groups;
    }
}
