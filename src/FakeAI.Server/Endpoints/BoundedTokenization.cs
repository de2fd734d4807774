using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// Tokenizes request text in time linear in its length. Byte-pair encoding is quadratic in the length of one
/// pre-token, and a run of letters (or of spaces, or of symbols) is one pre-token however long: a single 157,000-letter
/// word took 9 s to count and the 16 MB body limit would allow hours. So a run of more than <see cref="MaxRun"/>
/// characters without a change between whitespace and non-whitespace is cut into pieces of that length, each encoded on
/// its own. Text without such a run is encoded whole, exactly as before; a cut run counts within two tokens per cut
/// of what the whole run would.
/// </summary>
internal static class BoundedTokenization
{
    public const int MaxRun = 1000;

    public static int Count(Tokenizer tokenizer, string text)
    {
        if (Segments(text) is not { } segments)
        {
            return tokenizer.CountTokens(text);
        }

        var count = 0;
        foreach (var (start, length) in segments)
        {
            count += tokenizer.CountTokens(text.AsSpan(start, length));
        }

        return count;
    }

    /// <summary>Appends the token ids of <paramref name="text"/> to <paramref name="ids"/> and returns how many there were.</summary>
    public static int Encode(Tokenizer tokenizer, string text, List<int> ids)
    {
        var before = ids.Count;
        if (Segments(text) is not { } segments)
        {
            ids.AddRange(tokenizer.EncodeToIds(text));
            return ids.Count - before;
        }

        foreach (var (start, length) in segments)
        {
            ids.AddRange(tokenizer.EncodeToIds(text.AsSpan(start, length)));
        }

        return ids.Count - before;
    }

    /// <summary>The length of the longest prefix of <paramref name="text"/> with at most <paramref name="limit"/> tokens.</summary>
    public static int PrefixLength(Tokenizer tokenizer, string text, int limit, out int keptTokens)
    {
        if (Segments(text) is not { } segments)
        {
            return tokenizer.GetIndexByTokenCount(text, limit, out _, out keptTokens);
        }

        keptTokens = 0;
        foreach (var (start, length) in segments)
        {
            var end = tokenizer.GetIndexByTokenCount(text.AsSpan(start, length), limit - keptTokens, out _, out var kept);
            keptTokens += kept;
            if (end < length || keptTokens >= limit)
            {
                return start + end;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// Pieces of <paramref name="text"/> cut inside every run longer than <see cref="MaxRun"/>; null when there is no such
    /// run, so ordinary text is encoded whole without a list.
    /// </summary>
    private static List<(int Start, int Length)>? Segments(string text)
    {
        if (text.Length <= MaxRun)
        {
            return null;
        }

        List<(int, int)>? segments = null;
        var segmentStart = 0;
        var run = 0;
        var whitespace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var isWhitespace = char.IsWhiteSpace(text[i]);
            run = isWhitespace == whitespace ? run + 1 : 1;
            whitespace = isWhitespace;

            // Never between the two halves of a surrogate pair.
            if (run > MaxRun && !char.IsLowSurrogate(text[i]))
            {
                (segments ??= []).Add((segmentStart, i - segmentStart));
                segmentStart = i;
                run = 1;
            }
        }

        segments?.Add((segmentStart, text.Length - segmentStart));
        return segments;
    }
}
