using System.Globalization;
using System.Text;

namespace FakeAI.Bench;

/// <summary>
/// One problem with a <see cref="ProfileConfig"/>. <see cref="Template"/> holds <c>{0}</c>, <c>{1}</c>… where the settings
/// (<see cref="ProfileConfig"/> property names) go, so each front end names them its own way: the CLI by its flags, a
/// suite by the config's own words (<see cref="ToString"/>: <c>RequestRate</c> reads "request rate").
/// </summary>
public sealed record ConfigProblem(string Template, params IReadOnlyList<string> Settings)
{
    /// <summary>The message with each setting named by <paramref name="name"/>.</summary>
    public string Format(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Format(CultureInfo.InvariantCulture, Template, [.. Settings.Select(name)]);
    }

    public override string ToString() => Format(DomainName);

    /// <summary>A property name in plain words: <c>BenchmarkDurationSeconds</c> → "benchmark duration seconds", <c>Images.WidthMean</c> → "images width mean".</summary>
    public static string DomainName(string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var builder = new StringBuilder(property.Length + 4);
        for (var i = 0; i < property.Length; i++)
        {
            var c = property[i];
            if (c == '.')
            {
                builder.Append(' ');
                continue;
            }

            if (char.IsUpper(c) && i > 0 && builder[^1] != ' ' && (char.IsLower(property[i - 1]) || (i + 1 < property.Length && char.IsLower(property[i + 1]))))
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
