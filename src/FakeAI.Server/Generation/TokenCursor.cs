namespace FakeAI.Server.Generation;

/// <summary>
/// Produces a response's tokens one at a time (reasoning first, then content), so a stream holds a few words of state
/// instead of every token it will send. English-like sentences of single tokens: an opening capitalised word, 5–15 words
/// with an occasional comma, a period, and so on; the answer after the reasoning starts a new text. Deterministic for a
/// seed. A fixed content text (<see cref="TokenizedText"/>) replaces the generated content, token for token.
/// </summary>
internal struct TokenCursor
{
    private const int MinSentenceWords = 6;
    private const int MaxSentenceWords = 16;

    private readonly Vocabulary _vocabulary;
    private readonly TokenizedText? _fixed;
    private int _fixedAt;
    private SplitMix64 _rng;
    private int _reasoningLeft;
    private int _remainingInSentence;

    // The previous token of the current text; -1 at the start of a text.
    private int _previous;

    public TokenCursor(Vocabulary vocabulary, ulong seed, int reasoningTokens, TokenizedText? fixedContent = null)
    {
        _vocabulary = vocabulary;
        _fixed = fixedContent;
        _rng = new SplitMix64(seed);
        _reasoningLeft = reasoningTokens;
        _previous = -1;
    }

    public int Next()
    {
        var token = NextInText();
        if (_reasoningLeft > 0 && --_reasoningLeft == 0)
        {
            _previous = -1;
            _remainingInSentence = 0;
        }
        else
        {
            _previous = token;
        }

        return token;
    }

    /// <summary>The next token, reasoning or content, whichever source it comes from.</summary>
    public VocabularyToken NextToken() =>
        _fixed is { } text && _reasoningLeft == 0 ? text.Tokens[_fixedAt++] : _vocabulary.Tokens[Next()];

    /// <summary>Fills <paramref name="destination"/> with the next tokens.</summary>
    public void Fill(Span<int> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Next();
        }
    }

    private int NextInText()
    {
        var vocabulary = _vocabulary;
        if (_remainingInSentence == 0)
        {
            var starts = _previous < 0 ? vocabulary.OpeningWords : vocabulary.SentenceStartWords;
            var start = starts[_rng.NextInt(starts.Length)];
            _remainingInSentence = MinSentenceWords + _rng.NextInt(MaxSentenceWords - MinSentenceWords);
            return start;
        }

        var previousIsWord = _previous != vocabulary.Comma;
        if (_remainingInSentence == 1 && previousIsWord)
        {
            _remainingInSentence = 0;
            return vocabulary.Period;
        }

        // Punctuation is only ever followed by a word, so the pre-tokenizer never merges two punctuation marks.
        if (previousIsWord && _remainingInSentence > 2 && _rng.NextInt(10) == 0)
        {
            return vocabulary.Comma;
        }

        _remainingInSentence--;
        return vocabulary.MiddleWords[_rng.NextInt(vocabulary.MiddleWords.Length)];
    }
}
