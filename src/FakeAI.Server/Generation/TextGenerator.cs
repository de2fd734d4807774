namespace FakeAI.Server.Generation;

/// <summary>
/// Writes English-like sentences of single tokens: an opening capitalised word, 5–15 words with an occasional comma, a
/// period, and so on. Deterministic for a seed.
/// </summary>
internal static class TextGenerator
{
    private const int MinSentenceWords = 6;
    private const int MaxSentenceWords = 16;

    /// <summary>Plans a response of exactly <paramref name="reasoningTokens"/> + <paramref name="contentTokens"/> tokens, cut at the first stop string.</summary>
    public static GeneratedCompletion Generate(
        Vocabulary vocabulary,
        ulong seed,
        int reasoningTokens,
        int contentTokens,
        IReadOnlyList<string>? stops,
        int minTokens)
    {
        var rng = new SplitMix64(seed);
        var reasoning = new int[reasoningTokens];
        Fill(vocabulary, ref rng, reasoning);
        var content = new int[contentTokens];
        Fill(vocabulary, ref rng, content);
        if (stops is { Count: > 0 } && FindStop(vocabulary, content, stops, minTokens) is { } kept)
        {
            return new GeneratedCompletion(reasoning, content[..kept], "stop");
        }

        return new GeneratedCompletion(reasoning, content, "length");
    }

    /// <summary>
    /// The text seed of choice <paramref name="choice"/> of a request seeded with <paramref name="requestSeed"/>. Choice 0
    /// keeps the request seed, so <c>n=1</c> text is unchanged; the others are mixed rather than offset, because SplitMix64
    /// seeds a multiple of its increment apart produce the same sequence shifted by a few tokens.
    /// </summary>
    public static ulong ChoiceSeed(ulong requestSeed, int choice) =>
        choice == 0 ? requestSeed : new SplitMix64(requestSeed ^ ((ulong)choice * 0xD1B54A32D192ED03UL)).NextUInt64();

    /// <summary>Fills <paramref name="destination"/> with sentences; it always starts a new text.</summary>
    public static void Fill(Vocabulary vocabulary, ref SplitMix64 rng, Span<int> destination)
    {
        var remainingInSentence = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            if (remainingInSentence == 0)
            {
                var starts = i == 0 ? vocabulary.OpeningWords : vocabulary.SentenceStartWords;
                destination[i] = starts[rng.NextInt(starts.Length)];
                remainingInSentence = MinSentenceWords + rng.NextInt(MaxSentenceWords - MinSentenceWords);
                continue;
            }

            var previousIsWord = destination[i - 1] != vocabulary.Comma;
            if (remainingInSentence == 1 && previousIsWord)
            {
                destination[i] = vocabulary.Period;
                remainingInSentence = 0;
                continue;
            }

            // Punctuation is only ever followed by a word, so the pre-tokenizer never merges two punctuation marks.
            if (previousIsWord && remainingInSentence > 2 && rng.NextInt(10) == 0)
            {
                destination[i] = vocabulary.Comma;
                continue;
            }

            destination[i] = vocabulary.MiddleWords[rng.NextInt(vocabulary.MiddleWords.Length)];
            remainingInSentence--;
        }
    }

    /// <summary>
    /// How many content tokens precede the earliest stop string (tokens overlapping the match are dropped, as is the
    /// stop string itself), ignoring matches that would leave fewer than <paramref name="minTokens"/>; null if none.
    /// </summary>
    private static int? FindStop(Vocabulary vocabulary, int[] content, IReadOnlyList<string> stops, int minTokens)
    {
        var text = vocabulary.Concat(content);
        var ends = new int[content.Length];
        var position = 0;
        for (var i = 0; i < content.Length; i++)
        {
            position += vocabulary.Tokens[content[i]].Text.Length;
            ends[i] = position;
        }

        int? best = null;
        foreach (var stop in stops)
        {
            if (string.IsNullOrEmpty(stop))
            {
                continue;
            }

            for (var from = 0; from <= text.Length;)
            {
                var match = text.IndexOf(stop, from, StringComparison.Ordinal);
                if (match < 0)
                {
                    break;
                }

                var kept = CountEndingAtOrBefore(ends, match);
                if (kept >= minTokens)
                {
                    best = best is null ? kept : Math.Min(best.Value, kept);
                    break;
                }

                from = match + 1;
            }
        }

        return best;
    }

    private static int CountEndingAtOrBefore(int[] ends, int offset)
    {
        var index = Array.BinarySearch(ends, offset);
        return index >= 0 ? index + 1 : ~index;
    }
}
