using System.Globalization;

namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// A SentencePiece-style ("llama") vocabulary small enough to write by hand: the three specials, the 256 byte-fallback
/// tokens (so any text tokenizes), "▁", the printable ASCII characters, and every prefix of "▁word" for a list of common
/// English words. SentencePiece merges adjacent pieces only when the result is in the vocabulary, so with all prefixes
/// present each listed word after a space merges into one token (like the profile client's synthetic prompts expect).
/// The whole words are the <see cref="WordIds"/>: each " word" is also one token of the client's tokenizers.
/// </summary>
internal sealed class TinyVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;

    // Token types of llama.cpp's llama_token_type.
    private const int Normal = 1;
    private const int Unknown = 2;
    private const int Control = 3;
    private const int Byte = 6;

    private const char SpaceMark = '\u2581';

    /// <summary>
    /// The profile client's own prompt words (so a synthetic prompt of n words is n tokens here too), then a few more
    /// for answers.
    /// </summary>
    private static readonly string[] Words =
    [
        .. FakeAI.Bench.Datasets.PromptGenerator.Candidates.Distinct(StringComparer.Ordinal),
        "hello", "model", "token", "stream", "request", "answer", "question", "system", "user", "assistant", "text", "story",
    ];

    private readonly List<string> _tokens = [];
    private readonly List<float> _scores = [];
    private readonly List<int> _types = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<int> _wordIds = [];

    public TinyVocabulary()
    {
        Add("<unk>", 0, Unknown);
        Add("<s>", 0, Control);
        Add("</s>", 0, Control);
        for (var b = 0; b < 256; b++)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), 0, Byte);
        }

        Add(SpaceMark.ToString(), -1, Normal);
        for (var c = '!'; c <= '~'; c++)
        {
            Add(c.ToString(), -1, Normal);
        }

        // Longer pieces score higher, so a merge that completes a word wins over one that starts another.
        foreach (var word in Words)
        {
            var piece = SpaceMark + word;
            for (var length = 2; length <= piece.Length; length++)
            {
                Add(piece[..length], length, Normal);
            }

            _wordIds.Add(_ids[piece]);
        }
    }

    /// <summary>The listed words as they appear after a space.</summary>
    public static IReadOnlyList<string> WordList => Words;

    public IReadOnlyList<string> Tokens => _tokens;

    public IReadOnlyList<float> Scores => _scores;

    public IReadOnlyList<int> Types => _types;

    public IReadOnlyList<int> WordIds => _wordIds;

    private void Add(string text, float score, int type)
    {
        if (_ids.TryAdd(text, _tokens.Count))
        {
            _tokens.Add(text);
            _scores.Add(score);
            _types.Add(type);
        }
    }
}
