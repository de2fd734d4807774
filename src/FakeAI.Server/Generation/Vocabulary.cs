using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Generation;

/// <summary>
/// The tokens of the fake model in one encoding. Every entry is a single token, and the entries are shaped so that the
/// encoding's pre-tokenizer splits any sequence exactly at entry boundaries: words carry their leading space
/// (<c>" word"</c>), a text opens with a capitalised word without a space, and punctuation (<c>.</c>, <c>,</c>) is always
/// followed by a word. So n emitted tokens re-encode to exactly n tokens.
/// </summary>
internal sealed class Vocabulary
{
    private const int MinimumWords = 50;
    private static readonly ConcurrentDictionary<TokenizerEncoding, Lazy<Vocabulary>> Cache = new();

    private Vocabulary(TokenizerEncoding encoding)
    {
        Encoding = encoding;
        Tokenizer = TokenizerService.Get(encoding);
        var tokens = new List<VocabularyToken>();
        var period = AddSingle(tokens, ".") ?? throw Missing(".");
        var comma = AddSingle(tokens, ",") ?? throw Missing(",");
        var middle = new List<int>();
        var opening = new List<int>();
        var sentenceStart = new List<int>();
        foreach (var word in WordList.Words.Distinct(StringComparer.Ordinal))
        {
            var capitalised = char.ToUpperInvariant(word[0]) + word[1..];
            Collect(tokens, middle, " " + word);
            Collect(tokens, opening, capitalised);
            Collect(tokens, sentenceStart, " " + capitalised);
        }

        if (middle.Count < MinimumWords || opening.Count < MinimumWords || sentenceStart.Count < MinimumWords)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{TokenizerService.NameOf(encoding)} has too few single-token words ({middle.Count}/{opening.Count}/{sentenceStart.Count})."));
        }

        Tokens = tokens;
        Period = period;
        Comma = comma;
        MiddleWords = [.. middle];
        OpeningWords = [.. opening];
        SentenceStartWords = [.. sentenceStart];
    }

    public TokenizerEncoding Encoding { get; }

    public Tokenizer Tokenizer { get; }

    public IReadOnlyList<VocabularyToken> Tokens { get; }

    public int Period { get; }

    public int Comma { get; }

    /// <summary>Lower-case words with a leading space.</summary>
    public int[] MiddleWords { get; }

    /// <summary>Capitalised words without a leading space: the first token of a text.</summary>
    public int[] OpeningWords { get; }

    /// <summary>Capitalised words with a leading space: the first word of a later sentence.</summary>
    public int[] SentenceStartWords { get; }

    public static Vocabulary Get(TokenizerEncoding encoding) =>
        Cache.GetOrAdd(encoding, static e => new Lazy<Vocabulary>(() => new Vocabulary(e))).Value;

    /// <summary>The concatenated text of <paramref name="tokens"/>.</summary>
    public string Concat(ReadOnlySpan<int> tokens)
    {
        var builder = new StringBuilder(tokens.Length * 6);
        foreach (var t in tokens)
        {
            builder.Append(Tokens[t].Text);
        }

        return builder.ToString();
    }

    private void Collect(List<VocabularyToken> tokens, List<int> kind, string text)
    {
        if (AddSingle(tokens, text) is { } index)
        {
            kind.Add(index);
        }
    }

    private int? AddSingle(List<VocabularyToken> tokens, string text)
    {
        if (Tokenizer.CountTokens(text) != 1)
        {
            return null;
        }

        tokens.Add(new VocabularyToken(text, JsonSerializer.SerializeToUtf8Bytes(text, Protocol.Json.ProtocolJsonContext.Default.String)));
        return tokens.Count - 1;
    }

    private InvalidOperationException Missing(string token) =>
        new($"'{token}' is not a single token in {TokenizerService.NameOf(Encoding)}.");
}
