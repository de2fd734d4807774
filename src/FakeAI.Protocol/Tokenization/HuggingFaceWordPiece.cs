using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// Builds a <see cref="WordPieceTokenizer"/> from a <c>tokenizer.json</c> whose model is WordPiece (BERT, MPNet,
/// sentence-transformers and BGE embedding models). The vocabulary goes to Microsoft.ML.Tokenizers as the vocab file it
/// reads (one token per line, the line number being the id); the normalizer (BertNormalizer and the plain ones) and the
/// pre-tokenizer (BertPreTokenizer, Whitespace, WhitespaceSplit) follow Hugging Face's definitions rather than
/// <see cref="BertTokenizer"/>'s, whose pre-tokenizer drops symbols such as <c>$</c>, <c>+</c>, <c>€</c> and emoji
/// (Hugging Face keeps them, as words or unknown tokens) and whose normalizer joins words across line breaks.
/// </summary>
internal static class HuggingFaceWordPiece
{
    /// <summary>BertPreTokenizer: whitespace separates words; punctuation (Unicode P* and all of ASCII's) stands alone.</summary>
    private const string BertPattern = @"[^\s\p{P}$+<=>^`|~]+|[\p{P}$+<=>^`|~]";

    /// <summary>Ids above this would make the vocab stream absurdly long; no real vocabulary comes close.</summary>
    private const int MaxId = 10_000_000;

    public static Tokenizer Create(JsonElement root, JsonElement model, Dictionary<string, int> specials, string path)
    {
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: model.vocab (object) is required");
        }

        var steps = new List<Func<string, string>>();
        HuggingFaceTokenizerJson.AddNormalizer(root.TryGetProperty("normalizer", out var normalizer) ? normalizer : default, steps, path);
        var pattern = PatternOf(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default, path);
        var special = specials.Count > 0 ? specials : null;
        var verbatim = special is null ? null : VerbatimOf(special);
        var options = new WordPieceOptions
        {
            UnknownToken = HuggingFaceTokenizerJson.StringOrNull(model, "unk_token") ?? "[UNK]",
            ContinuingSubwordPrefix = HuggingFaceTokenizerJson.StringOrNull(model, "continuing_subword_prefix") ?? "##",
            MaxInputCharsPerWord = model.TryGetProperty("max_input_chars_per_word", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetInt32() : 100,
            SpecialTokens = special,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.CultureInvariant), special),
            Normalizer = steps.Count > 0 ? new TextRewriteNormalizer(steps, verbatim) : null,
        };

        using var stream = new MemoryStream(VocabFile(vocab, specials, path));
        return WordPieceTokenizer.Create(stream, options);
    }

    /// <summary>Matches the added tokens in raw text (longest first), which the normalizer must leave as they are.</summary>
    internal static Regex VerbatimOf(IReadOnlyDictionary<string, int> specials) =>
        new(string.Join('|', specials.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.CultureInvariant);

    private static string PatternOf(JsonElement pre, string path)
    {
        if (pre.ValueKind != JsonValueKind.Object)
        {
            // No pre-tokenizer: the whole text is one word, as in Hugging Face.
            return @"[\s\S]+";
        }

        return HuggingFaceTokenizerJson.StringOrNull(pre, "type") switch
        {
            "BertPreTokenizer" => BertPattern,
            "Whitespace" => @"\w+|[^\w\s]+",
            "WhitespaceSplit" => @"\S+",
            var other => throw new InvalidDataException($"{path}: pre-tokenizer '{other}' is not supported with WordPiece (BertPreTokenizer, Whitespace, WhitespaceSplit)"),
        };
    }

    /// <summary>The vocabulary, then the added tokens it lacks, one per line at the line of its id. Empty lines fill
    /// gaps, and tokens holding a line break (no pre-tokenizer lets one through) are left out; both are skipped by the
    /// reader.</summary>
    private static byte[] VocabFile(JsonElement vocab, Dictionary<string, int> specials, string path)
    {
        var byId = new SortedDictionary<int, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (token, id) in vocab.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).Concat(specials.Select(s => (s.Key, s.Value))))
        {
            if (id is < 0 or > MaxId)
            {
                throw new InvalidDataException($"{path}: token id {id} is out of range");
            }

            if (token.Length > 0 && token.IndexOfAny(['\r', '\n']) < 0 && !byId.ContainsKey(id) && seen.Add(token))
            {
                byId[id] = token;
            }
        }

        var text = new StringBuilder();
        var line = 0;
        foreach (var (id, token) in byId)
        {
            text.Append('\n', id - line).Append(token).Append('\n');
            line = id + 1;
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }
}
