using System.Text.Json;
using FakeAI.Bench;

namespace FakeAI.Cli.Profile;

/// <summary>One <c>-H/--header</c> argument in any of aiperf's forms: <c>Name:Value</c>, comma-separated pairs, or a JSON
/// object of names to values.</summary>
internal static class HeaderArgument
{
    public static bool TryParse(string text, out IReadOnlyList<KeyValuePair<string, string>> headers, out string? error)
    {
        headers = [];
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = $"'{text}' is not a JSON object";
                    return false;
                }

                headers = [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(
                    p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
                error = null;
                return true;
            }
            catch (JsonException e)
            {
                error = $"'{text}' is not a valid JSON object: {e.Message}";
                return false;
            }
        }

        if (!PairList.TrySplit(trimmed, out var pairs, out var bad) || pairs.Count == 0)
        {
            error = $"'{bad ?? text}' must be Name:Value, comma-separated Name:Value pairs or a JSON object";
            return false;
        }

        headers = pairs;
        error = null;
        return true;
    }
}
