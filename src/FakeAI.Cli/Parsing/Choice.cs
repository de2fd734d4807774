namespace FakeAI.Cli.Parsing;

/// <summary>One value of an option that takes a fixed set of words, matched without regard to case.</summary>
internal readonly record struct Choice<T>(string Name, T Value)
{
    /// <summary>
    /// The choice named by <paramref name="text"/>; <paramref name="absent"/> when the option was not given; otherwise
    /// <paramref name="absent"/> too, after adding "FLAG 'text' must be a, b or c" to <paramref name="errors"/>.
    /// </summary>
    public static T Parse(string? text, string flag, T absent, List<string> errors, params Choice<T>[] choices)
    {
        if (text is null)
        {
            return absent;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        var names = choices.Select(c => c.Name).ToArray();
        errors.Add($"{flag} '{text}' must be {string.Join(", ", names[..^1])} or {names[^1]}");
        return absent;
    }
}
