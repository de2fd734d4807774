using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using FakeAI.Cli.Profile;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests;

/// <summary>
/// The docs speak to users: no references to documents outside the repository, and every <c>fakeai</c> example in
/// README.md and docs/*.md is accepted by the real command line. Examples are parsed (unknown options, malformed values)
/// and <c>profile</c> examples also go through the validation the command runs before it sends anything; none is
/// executed, since they take minutes or need a separately started server. Synopses with placeholders
/// (<c>[--url URL]</c>, <c>PORT</c>, <c>…</c>) are not examples and are skipped.
/// </summary>
public sealed partial class DocsTests
{
    private static IEnumerable<string> DocumentPaths() =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docs"), "*.md").Append(Path.Combine(RepositoryFiles.Root, "README.md"));

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in DocumentPaths())
        {
            foreach (var example in ExtractExamples(File.ReadAllText(path)).Distinct(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path), example);
            }
        }

        return data;
    }

    [Fact]
    public void Examples_are_found_in_every_command_s_docs()
    {
        var examples = Examples().Select(row => (string)row[1]).ToList();
        foreach (var command in new[] { "server", "profile", "bench" })
        {
            Assert.Contains(examples, e => e.StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_parses_and_validates(string document, string example)
    {
        var args = ShellWords(example);
        var parse = CliApp.BuildRootCommand(new TestConsole()).Parse(args);
        Assert.True(parse.Errors.Count == 0, $"{document}: fakeai {example}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");

        // --from-records and `profile merge` rebuild exports without a run, so the run's validation does not apply to them.
        if (args[0] == "profile" && args[1] != "merge" && !args.Contains("--from-records"))
        {
            var options = new ProfileOptions();
            var profile = new Command("profile");
            foreach (var option in options.All)
            {
                profile.Options.Add(option);
            }

            var invocation = ProfileConfigParser.Parse(new RootCommand { profile }.Parse(args), options);
            Assert.True(invocation.Errors.Count == 0, $"{document}: fakeai {example}: {string.Join("; ", invocation.Errors)}");
        }
    }

    [Fact]
    public void Docs_and_comments_cite_nothing_outside_the_repository()
    {
        var files = DocumentPaths()
            .Concat(Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "src"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var offending = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => ExternalReference().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepositoryFiles.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, "say it in words instead:\n" + string.Join('\n', offending));
    }

    /// <summary>Commands from code blocks (continuation lines joined) and from inline code that has an option.</summary>
    private static IEnumerable<string> ExtractExamples(string markdown)
    {
        var inBlock = false;
        var pending = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock)
            {
                pending.Append(line.TrimEnd().TrimEnd('\\')).Append(' ');
                if (!line.TrimEnd().EndsWith('\\'))
                {
                    if (Command(pending.ToString()) is { } command)
                    {
                        yield return command;
                    }

                    pending.Clear();
                }

                continue;
            }

            foreach (Match inline in InlineCode().Matches(line))
            {
                if (inline.Groups[1].Value.Contains("--", StringComparison.Ordinal) && Command(inline.Groups[1].Value) is { } command)
                {
                    yield return command;
                }
            }
        }
    }

    /// <summary>The arguments after <c>fakeai</c> (or <c>dotnet run … --</c>), without comments; null for non-examples.</summary>
    private static string? Command(string line)
    {
        // A trailing " &" only backgrounds the command in the shell.
        var text = line.Split(" #")[0].Split(" | ")[0].Split(" && ")[0].Trim().TrimEnd('&').Trim();
        var start = Launcher().Match(text);
        if (!start.Success)
        {
            return null;
        }

        var arguments = text[(start.Index + start.Length)..].Trim();
        return arguments.Length == 0 || Placeholder().IsMatch(arguments) ? null : arguments;
    }

    /// <summary>Splits like a POSIX shell for the quoting the docs use: single and double quotes, backslash escapes.</summary>
    private static string[] ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c == '\\' && quote == '"' && i + 1 < text.Length ? text[++i] : c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c == '\\' && i + 1 < text.Length ? text[++i] : c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    [GeneratedRegex("`(fakeai [^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(^|\s|\$ )(fakeai|dotnet run .*--project src/FakeAI\.Cli --)\s")]
    private static partial Regex Launcher();

    [GeneratedRegex(@"[\[\]…<>]|\b[A-Z]{2,}\b|\bxx\b|\d+xx\b")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bthe seed\b|\bseed's\b|\bseed README\b|fakeai-original|aiperf\.md|aiperf-options\.md|§|/work/shared|peers\.md|style-anchors")]
    private static partial Regex ExternalReference();
}
