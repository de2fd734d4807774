using System.Globalization;

namespace FakeAI.LlamaPeer;

/// <summary>"--name value" options after a command's positional arguments; every problem is collected, none thrown.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                _options[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Errors.Add($"{args[i]} needs a value");
            }
            else
            {
                Positional.Add(args[i]);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public List<string> Errors { get; } = [];

    public string? String(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int Int(string name, int fallback)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Errors.Add($"{name} must be an integer, not '{text}'");
        return fallback;
    }

    /// <summary>Adds an error for each option that no <see cref="String"/> or <see cref="Int"/> call asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _options.Keys.Where(n => !_read.Contains(n)))
        {
            Errors.Add($"unknown option {name}");
        }
    }
}
