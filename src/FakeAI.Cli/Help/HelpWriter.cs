using System.CommandLine;
using System.Globalization;
using System.Text;

namespace FakeAI.Cli.Help;

/// <summary>
/// Writes one command's help as plain text: description, usage, arguments, option groups, subcommands. Each option is
/// one row "names &lt;value&gt;" + description; a default the option knows is appended as "(default X)", the form the
/// descriptions use, so every default reads the same.
/// </summary>
internal sealed class HelpWriter(TextWriter output, int width)
{
    private const int MaxLabelWidth = 34;
    private const string Indent = "  ";

    public void Write(Command command, IReadOnlyList<HelpGroup> groups)
    {
        if (command.Description is { } description)
        {
            WriteWrapped(description, 0);
            output.WriteLine();
        }

        output.WriteLine("Usage:");
        output.WriteLine(Indent + Usage(command));

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => (Label: $"<{a.Name}>", Text: Describe(a.Description, a.HasDefaultValue ? a.GetDefaultValue() : null))).ToList();
        WriteSection("Arguments", arguments);

        var options = VisibleOptions(command).ToList();
        var byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.OptionNames.Where(byName.ContainsKey).Select(n => byName[n]).ToList();
            listed.UnionWith(members.Select(o => o.Name));
            WriteSection(group.Title, members.Select(Row).ToList());
        }

        WriteSection(groups.Count == 0 ? "Options" : "Other options", options.Where(o => !listed.Contains(o.Name)).Select(Row).ToList());

        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => (Label: c.Name, Text: c.Description ?? string.Empty)).ToList();
        WriteSection("Commands", subcommands);
    }

    /// <summary>The command's options, then the recursive ones of its parents (<c>--help</c>), hidden ones left out.</summary>
    internal static IEnumerable<Option> VisibleOptions(Command command)
    {
        var inherited = command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive));
        return command.Options.Concat(inherited).Where(o => !o.Hidden).DistinctBy(o => o.Name);
    }

    private static string Usage(Command command)
    {
        var path = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            path.Insert(0, c is RootCommand ? "fakeai" : c.Name);
        }

        var usage = new StringBuilder(string.Join(' ', path));
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            usage.Append(argument.HasDefaultValue ? $" [<{argument.Name}>]" : $" <{argument.Name}>");
        }

        if (command.Subcommands.Count > 0)
        {
            usage.Append(" <command>");
        }

        return usage.Append(" [options]").ToString();
    }

    private static (string Label, string Text) Row(Option option)
    {
        // Short names first, then the primary name, then long aliases; Windows-style "/?" spellings are left out.
        var aliases = option.Aliases.Where(a => a.StartsWith('-')).ToList();
        var names = aliases.Where(a => a.Length == 2).Order(StringComparer.Ordinal)
            .Append(option.Name)
            .Concat(aliases.Where(a => a.Length > 2));
        return ($"{string.Join(", ", names)}{Placeholder(option)}", Describe(option.Description, option.HasDefaultValue ? option.GetDefaultValue() : null));
    }

    /// <summary>What follows the name: nothing for a flag, <c>[true|false]</c> for an optional switch, else the kind of value.</summary>
    private static string Placeholder(Option option)
    {
        var type = option.ValueType;
        if (option.Arity.MaximumNumberOfValues == 0 || type == typeof(bool))
        {
            return string.Empty;
        }

        var element = type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        var kind = element == typeof(bool) ? "[true|false]"
            : element == typeof(int) || element == typeof(long) ? "<n>"
            : element == typeof(double) ? "<number>"
            : "<value>";
        return type.IsArray ? $" {kind}..." : " " + kind;
    }

    private static string Describe(string? description, object? defaultValue)
    {
        var text = description ?? string.Empty;
        if (defaultValue is null or false || text.Contains("(default", StringComparison.Ordinal))
        {
            return text;
        }

        var shown = defaultValue is System.Collections.IEnumerable values and not string
            ? string.Join(' ', values.Cast<object>().Select(Invariant))
            : Invariant(defaultValue);
        var end = text.EndsWith('.') ? text[..^1] : text;
        return $"{end} (default {shown}).";
    }

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private void WriteSection(string title, List<(string Label, string Text)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(title + ":");
        var labelWidth = Math.Min(MaxLabelWidth, rows.Max(r => r.Label.Length));
        var textColumn = Indent.Length + labelWidth + 2;
        foreach (var (label, text) in rows)
        {
            var lines = Wrap(text, width - textColumn);
            if (label.Length > labelWidth)
            {
                // A long list of aliases gets its own line(s); the description starts below, in the usual column.
                WriteWrapped(label, Indent.Length);
                lines.ForEach(l => output.WriteLine(new string(' ', textColumn) + l));
                continue;
            }

            output.WriteLine((Indent + label.PadRight(labelWidth + 2) + lines[0]).TrimEnd());
            lines.Skip(1).ToList().ForEach(l => output.WriteLine(new string(' ', textColumn) + l));
        }
    }

    private void WriteWrapped(string text, int indent)
    {
        foreach (var line in Wrap(text, width - indent))
        {
            output.WriteLine(new string(' ', indent) + line);
        }
    }

    /// <summary>Greedy word wrap to <paramref name="available"/> columns (at least 20); always at least one line.</summary>
    private static List<string> Wrap(string text, int available)
    {
        available = Math.Max(20, available);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > available)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }
}
