using System.Globalization;

namespace FakeAI.Cli.Server;

/// <summary>A whole-number setting given as text (an environment variable); a bad value is reported against its source.</summary>
internal static class IntegerSetting
{
    /// <summary>Sets the value when <paramref name="text"/> is given; null means "not set" and changes nothing.</summary>
    public static void Apply(string? text, string where, Action<int> set, List<string> errors)
    {
        if (text is null)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            errors.Add($"{where}: '{text}' is not an integer");
        }
    }
}
