using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FakeAI.Cli.Parsing;

/// <summary>
/// Rewrites System.CommandLine's parse errors for people: a mistyped option or command gets "did you mean", and a value
/// of the wrong type says what was expected in words instead of naming a .NET type.
/// </summary>
internal static class ParseErrorMessages
{
    /// <summary>Every error of <paramref name="parseResult"/> on one line, duplicates removed.</summary>
    public static string Describe(ParseResult parseResult)
    {
        var messages = new List<string>();
        var command = parseResult.CommandResult.Command;
        string? previous = null;
        foreach (var token in parseResult.UnmatchedTokens)
        {
            // The value after an unknown option belongs to it; one message covers both.
            if (!(previous is not null && previous.StartsWith('-') && !token.StartsWith('-')))
            {
                messages.Add(Unrecognized(token, command));
            }

            previous = token;
        }

        foreach (var error in parseResult.Errors)
        {
            // Errors on the command itself (unrecognized token, missing subcommand) follow from the tokens described above.
            if (messages.Count > 0 && error.SymbolResult is CommandResult)
            {
                continue;
            }

            messages.Add(WrongType(error) ?? error.Message.TrimEnd('.'));
        }

        return string.Join("; ", messages.Distinct(StringComparer.Ordinal));
    }

    private static string Unrecognized(string token, Command command)
    {
        var isOption = token.StartsWith('-');
        var candidates = isOption ? OptionNames(command) : command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name));
        var suggestion = Suggestions.Closest(token, candidates);
        var what = isOption ? "unknown option" : command.Subcommands.Count > 0 ? "unknown command" : "unexpected argument";
        var hint = suggestion is not null ? $" (did you mean {suggestion}?)" : isOption ? $" (see fakeai {CommandPath(command)}--help)" : string.Empty;
        return $"{what} '{token}'{hint}";
    }

    private static string CommandPath(Command command) =>
        command is RootCommand ? string.Empty : command.Name + " ";

    /// <summary>The options usable on <paramref name="command"/>: its own and recursive ones of its parents (--help).</summary>
    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.AsEnumerable();
        foreach (var parent in command.Parents.OfType<Command>())
        {
            options = options.Concat(parent.Options.Where(o => o.Recursive));
        }

        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
    }

    /// <summary>"--concurrency expects a whole number, got 'abc'" when a token does not convert to the option's type.</summary>
    private static string? WrongType(ParseError error)
    {
        var (name, type, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, a.Argument.ValueType, a.Tokens),
            ArgumentResult a => (a.Argument.Name, a.Argument.ValueType, a.Tokens),
            _ => (null, null, null),
        };
        if (name is null || type is null || tokens is null || Expected(type) is not { } expected)
        {
            return null;
        }

        var bad = tokens.FirstOrDefault(t => !Converts(t.Value, type));
        return bad is null ? null : $"{name} expects {expected}, got '{bad.Value}'";
    }

    private static Type ElementType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    private static string? Expected(Type type)
    {
        var element = ElementType(type);
        return element == typeof(int) || element == typeof(long) ? "a whole number"
            : element == typeof(double) ? "a number"
            : element == typeof(bool) ? "true or false"
            : null;
    }

    private static bool Converts(string value, Type type)
    {
        var element = ElementType(type);
        return element == typeof(int) ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : element == typeof(long) ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : element == typeof(double) ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            : element != typeof(bool) || bool.TryParse(value, out _);
    }
}
