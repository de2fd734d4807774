namespace FakeAI.Server.Generation;

/// <summary>
/// The plan of one response: <paramref name="ReasoningTokens"/> reasoning tokens, then <paramref name="ContentTokens"/>
/// content tokens, produced on demand from <paramref name="Seed"/> by a <see cref="TokenCursor"/> rather than stored. When
/// <paramref name="Fixed"/> is set the content is its first <paramref name="ContentTokens"/> tokens instead (JSON text);
/// with <paramref name="ToolName"/> too, that JSON is the arguments of a call to that tool.
/// </summary>
internal sealed record GeneratedCompletion(
    Vocabulary Vocabulary,
    ulong Seed,
    int ReasoningTokens,
    int ContentTokens,
    string FinishReason,
    TokenizedText? Fixed = null,
    string? ToolName = null)
{
    public int TotalTokens => ReasoningTokens + ContentTokens;

    /// <summary>A cursor at the first token (reasoning first).</summary>
    public TokenCursor Tokens() => new(Vocabulary, Seed, ReasoningTokens, Fixed);

    /// <summary>The reasoning text (non-streaming bodies).</summary>
    public string ReasoningText()
    {
        var ids = new int[ReasoningTokens];
        Tokens().Fill(ids);
        return Vocabulary.Concat(ids);
    }

    /// <summary>The content tokens of generated text, materialised (stop-string search and tests).</summary>
    public int[] ContentIds()
    {
        var cursor = Tokens();
        for (var i = 0; i < ReasoningTokens; i++)
        {
            cursor.Next();
        }

        var ids = new int[ContentTokens];
        cursor.Fill(ids);
        return ids;
    }

    /// <summary>The content text (non-streaming bodies).</summary>
    public string ContentText() => Fixed is { } text ? text.Prefix(ContentTokens) : Vocabulary.Concat(ContentIds());
}
