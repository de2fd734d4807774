using FakeAI.Bench;

namespace FakeAI.Cli.Profile;

/// <summary>
/// The command line as recorded in the console summary and <c>input_config.cli_command</c>: quoted so it can be pasted
/// back, with credentials masked (the <c>--api-key</c> value, credential-like <c>-H</c> headers, URL user info).
/// </summary>
internal static class CommandLineText
{
    private static readonly HashSet<string> SecretOptions = new(StringComparer.Ordinal) { "--api-key" };
    private static readonly HashSet<string> HeaderOptions = new(StringComparer.Ordinal) { "--header", "-H" };
    private static readonly HashSet<string> UrlOptions = new(StringComparer.Ordinal) { "--url", "-u" };

    public static string Format(string command, IEnumerable<string> arguments)
    {
        var parts = new List<string> { command };
        string? option = null;
        foreach (var argument in arguments)
        {
            parts.Add(Quote(Redact(option, argument)));
            option = argument.StartsWith('-') ? argument : null;
        }

        return string.Join(' ', parts);
    }

    /// <summary><paramref name="value"/> as given after <paramref name="option"/> (null for a name or a bare value).</summary>
    private static string Redact(string? option, string value)
    {
        // --name=value and --name:value arrive as one token.
        var separator = value.StartsWith('-') ? value.IndexOfAny(['=', ':']) : -1;
        if (separator > 0)
        {
            return value[..(separator + 1)] + Redact(value[..separator], value[(separator + 1)..]);
        }

        return option switch
        {
            not null when SecretOptions.Contains(option) => SecretRedaction.Mask,
            not null when HeaderOptions.Contains(option) => SecretRedaction.Header(value),
            not null when UrlOptions.Contains(option) => SecretRedaction.Url(value),
            _ => value,
        };
    }

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? value : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
