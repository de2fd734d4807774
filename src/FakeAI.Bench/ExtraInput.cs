namespace FakeAI.Bench;

/// <summary>One <c>--extra-inputs name:value</c> pair; <see cref="JsonValue"/> is the value as JSON text, coerced like aiperf
/// (true/false → bool, integers, floats, null/None → null, anything else a string).</summary>
public sealed record ExtraInput(string Name, string JsonValue)
{
    /// <summary>Parses <c>name:value</c>, or a JSON object of several pairs.</summary>
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
                inputs = [.. document.RootElement.EnumerateObject().Select(p => new ExtraInput(p.Name, p.Value.GetRawText()))];
                error = null;
                return true;
            }
            catch (System.Text.Json.JsonException e)
            {
                error = $"--extra-inputs '{text}' is not a valid JSON object: {e.Message}";
                return false;
            }
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"--extra-inputs '{text}' must be name:value or a JSON object";
            return false;
        }

        inputs = [new ExtraInput(trimmed[..colon].Trim(), Coerce(trimmed[(colon + 1)..].Trim()))];
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

        if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return real.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
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
