namespace FakeAI.Bench;

/// <summary>
/// aiperf's <c>key:value</c> list syntax, shared by extra inputs and headers: a value is several comma-separated pairs, each
/// split at its first colon. Commas inside quotes, brackets or braces do not separate pairs, so JSON values survive.
/// </summary>
public static class PairList
{
    /// <summary>Splits <paramref name="text"/> into trimmed <c>key:value</c> pairs; false (with the bad item) when one has no key.</summary>
    public static bool TrySplit(string text, out IReadOnlyList<KeyValuePair<string, string>> pairs, out string? badItem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<KeyValuePair<string, string>>();
        foreach (var item in SplitTopLevel(text))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || item[..colon].Trim().Length == 0)
            {
                pairs = [];
                badItem = item;
                return false;
            }

            list.Add(new(item[..colon].Trim(), item[(colon + 1)..].Trim()));
        }

        pairs = list;
        badItem = null;
        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == ',' && depth == 0)
            {
                if (text[start..i].Trim().Length > 0)
                {
                    yield return text[start..i].Trim();
                }

                start = i + 1;
            }
        }

        if (text[start..].Trim().Length > 0)
        {
            yield return text[start..].Trim();
        }
    }
}
