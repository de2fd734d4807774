namespace FakeAI.Bench;

/// <summary>One extra request-body field (aiperf's <c>--extra-inputs</c>); <see cref="JsonValue"/> is the value as JSON text,
/// coerced like aiperf: true/false → bool, integers (no leading zero) and decimals → numbers, null/None → null, JSON arrays
/// and objects as they are, a quoted value → that string, anything else a string.</summary>
public sealed record ExtraInput(string Name, string JsonValue)
{
    /// <summary>Parses one argument: <c>name:value</c>, comma-separated pairs <c>a:1,b:true</c>, or a JSON object of
    /// several fields. The error quotes the argument.</summary>
    public static bool TryParse(string text, out IReadOnlyList<ExtraInput> inputs, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        inputs = [];
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(trimmed);
                if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    error = $"'{text}' is not a JSON object";
                    return false;
                }

                inputs = [.. document.RootElement.EnumerateObject().Select(p => new ExtraInput(p.Name, p.Value.GetRawText()))];
                error = null;
                return true;
            }
            catch (System.Text.Json.JsonException e)
            {
                error = $"'{text}' is not a valid JSON object: {e.Message}";
                return false;
            }
        }

        if (!PairList.TrySplit(trimmed, out var pairs, out var bad) || pairs.Count == 0)
        {
            error = $"'{bad ?? text}' must be name:value, comma-separated name:value pairs or a JSON object";
            return false;
        }

        inputs = [.. pairs.Select(p => new ExtraInput(p.Key, Coerce(p.Value)))];
        error = null;
        return true;
    }

    private static string Coerce(string value)
    {
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "true";
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return "false";
        }

        if (value is "None" or "null")
        {
            return "null";
        }

        var digits = value.StartsWith('-') ? value[1..] : value;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit) && (digits[0] != '0' || digits.Length == 1)
            && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (digits.Count(c => c == '.') == 1 && digits.Replace(".", "", StringComparison.Ordinal).All(char.IsAsciiDigit) && digits.Length > 1
            && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real))
        {
            return real.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        // A quoted value is the string inside the quotes, so "64" can be sent as text rather than a number.
        if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
        {
            return "\"" + System.Text.Json.JsonEncodedText.Encode(value[1..^1]).Value + "\"";
        }

        if (value.StartsWith('[') || value.StartsWith('{'))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(value);
                return document.RootElement.GetRawText();
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: send it as a string.
            }
        }

        return "\"" + System.Text.Json.JsonEncodedText.Encode(value).Value + "\"";
    }
}
