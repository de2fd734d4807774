namespace FakeAI.Server.Generation;

/// <summary>Plans responses: their length, where a stop string cuts them, and the random seed their text comes from (<see cref="TokenCursor"/>).</summary>
internal static class TextGenerator
{
    /// <summary>
    /// Plans a response of exactly <paramref name="reasoningTokens"/> + <paramref name="contentTokens"/> tokens, cut at
    /// the first stop string. Only a stop search materialises the text, and only while planning.
    /// </summary>
    public static GeneratedCompletion Generate(
        Vocabulary vocabulary,
        ulong seed,
        int reasoningTokens,
        int contentTokens,
        IReadOnlyList<string>? stops,
        int minTokens)
    {
        var plan = new GeneratedCompletion(vocabulary, seed, reasoningTokens, contentTokens, "length");
        if (stops is { Count: > 0 } && FindStop(vocabulary, plan.ContentIds(), stops, minTokens) is { } kept)
        {
            return plan with { ContentTokens = kept, FinishReason = "stop" };
        }

        return plan;
    }

    /// <summary>
    /// Plans a JSON answer to <paramref name="schema"/> (a structured output, or the arguments of a call to
    /// <paramref name="toolName"/>) after <paramref name="reasoningTokens"/> reasoning tokens. JSON longer than
    /// <paramref name="contentTokens"/> is cut there with finish reason <c>length</c>, as OpenAI cuts it: the text is
    /// then not valid JSON.
    /// </summary>
    public static GeneratedCompletion GenerateJson(
        Vocabulary vocabulary, ulong seed, int reasoningTokens, int contentTokens, Json.JsonSchemaNode schema, string? toolName)
    {
        // Generation stops a little past the budget: no token of this tokenizer covers 32 bytes of such JSON.
        var json = Json.JsonInstanceGenerator.Generate(schema, seed, (contentTokens * 32L) + 1024);
        var text = TokenizedText.Create(vocabulary.Tokenizer, json.Text);
        var fits = !json.Cut && text.Tokens.Length <= contentTokens;
        var finish = !fits ? "length" : toolName is null ? "stop" : "tool_calls";
        return new GeneratedCompletion(vocabulary, seed, reasoningTokens, Math.Min(text.Tokens.Length, contentTokens), finish, text, toolName);
    }

    /// <summary>
    /// The text seed of choice <paramref name="choice"/> of a request seeded with <paramref name="requestSeed"/>. Choice 0
    /// keeps the request seed, so <c>n=1</c> text is unchanged; the others are mixed rather than offset, because SplitMix64
    /// seeds a multiple of its increment apart produce the same sequence shifted by a few tokens.
    /// </summary>
    public static ulong ChoiceSeed(ulong requestSeed, int choice) =>
        choice == 0 ? requestSeed : new SplitMix64(requestSeed ^ ((ulong)choice * 0xD1B54A32D192ED03UL)).NextUInt64();

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
