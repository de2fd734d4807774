using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// Builds a tokenizer from a Hugging Face <c>tokenizer.json</c>. A BPE model (GPT-2, Llama, Qwen, Mistral, DeepSeek and
/// most current models): <c>model.vocab</c> and <c>model.merges</c> (either <c>"a b"</c> strings or <c>["a", "b"]</c>
/// pairs) become a <see cref="BpeTokenizer"/>; a ByteLevel pre-tokenizer switches on byte-level encoding, a Split
/// pre-tokenizer's regex (or ByteLevel's own GPT-2 regex) splits the text first, Whitespace splits on words, Metaspace and
/// the Prepend/Replace normalizers rewrite spaces to its replacement character; <c>byte_fallback</c> is bridged by
/// <see cref="ByteFallbackBpeTokenizer"/>. A WordPiece model (BERT, MPNet, BGE) is built by
/// <see cref="HuggingFaceWordPiece"/>. <c>added_tokens</c> are special tokens. Unigram (T5, XLM-R) and anything else is
/// refused with a message naming it.
/// </summary>
internal static class HuggingFaceTokenizerJson
{
    /// <summary>The split ByteLevel applies when its <c>use_regex</c> is true (GPT-2's pattern).</summary>
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static Tokenizer Load(Stream stream, string path)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: no \"model\" object; is this a Hugging Face tokenizer.json?");
        }

        var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "Unigram")
        {
            // Microsoft.ML.Tokenizers 2.0 builds a Unigram model only from a SentencePiece protobuf, not from pieces and scores.
            throw new InvalidDataException($"{path}: model type 'Unigram' (T5, XLM-R style) is not supported from tokenizer.json; pass the model's SentencePiece file instead (tokenizer.model, spiece.model or sentencepiece.bpe.model), or the folder holding both");
        }

        if (type is not (null or "BPE" or "WordPiece"))
        {
            throw new InvalidDataException($"{path}: model type '{type}' is not supported (only BPE and WordPiece); a SentencePiece tokenizer.model of the same model works");
        }

        var specials = SpecialsOf(root);
        if (type == "WordPiece")
        {
            return HuggingFaceWordPiece.Create(root, model, specials, path);
        }

        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object
            || !model.TryGetProperty("merges", out var merges) || merges.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: model.vocab (object) and model.merges (array) are required");
        }

        var steps = new List<Func<string, string>>();
        AddNormalizer(root.TryGetProperty("normalizer", out var normalizer) ? normalizer : default, steps, path);
        var normalizerSteps = steps.Count;
        var (preTokenizer, byteLevel) = PreTokenizerOf(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default, steps, specials, path);

        // Hugging Face normalizes the text between added tokens piece by piece (Llama 2's Prepend puts a "▁" after "</s>"
        // too). Metaspace's "first" scheme prepends only at the very start, so with Metaspace the whole text stays one piece.
        var verbatim = specials.Count > 0 && normalizerSteps > 0 && steps.Count == normalizerSteps ? HuggingFaceWordPiece.VerbatimOf(specials) : null;
        var entries = vocab.EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
        var byteFallback = model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True;
        var markerId = 1 + Math.Max(entries.Count == 0 ? -1 : entries.Max(e => e.Value), specials.Count == 0 ? -1 : specials.Values.Max());
        var options = new BpeOptions(byteFallback ? [.. entries, new(ByteFallbackBpeTokenizer.Marker, markerId)] : entries)
        {
            Merges = [.. merges.EnumerateArray().Select(MergeOf)],
            ByteLevel = byteLevel,
            PreTokenizer = preTokenizer,
            Normalizer = steps.Count > 0 ? new TextRewriteNormalizer(steps, verbatim) : null,
            SpecialTokens = specials.Count > 0 ? specials : null,
            UnknownToken = byteFallback ? ByteFallbackBpeTokenizer.Marker : StringOrNull(model, "unk_token"),
            FuseUnknownTokens = !byteFallback && FuseUnknown(model),
            ContinuingSubwordPrefix = StringOrNull(model, "continuing_subword_prefix"),
            EndOfWordSuffix = StringOrNull(model, "end_of_word_suffix"),
        };
        var bpe = BpeTokenizer.Create(options);
        return byteFallback
            ? new ByteFallbackBpeTokenizer(bpe, markerId, entries.ToDictionary(StringComparer.Ordinal), StringOrNull(model, "unk_token"), FuseUnknown(model))
            : bpe;
    }

    /// <summary><c>added_tokens</c> by content: Hugging Face matches them in the text before the model sees it.</summary>
    internal static Dictionary<string, int> SpecialsOf(JsonElement root)
    {
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (token.TryGetProperty("content", out var content) && token.TryGetProperty("id", out var id) && content.GetString() is { Length: > 0 } text)
                {
                    specials[text] = id.GetInt32();
                }
            }
        }

        return specials;
    }

    /// <summary>True when the file is a <c>tokenizer.json</c> whose model is Unigram; false when it is not, or unreadable
    /// (loading it then reports why).</summary>
    public static bool IsUnigram(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
                && StringOrNull(model, "type") == "Unigram";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    private static bool FuseUnknown(JsonElement model) => model.TryGetProperty("fuse_unk", out var fuse) && fuse.ValueKind == JsonValueKind.True;

    private static string MergeOf(JsonElement merge) => merge.ValueKind switch
    {
        JsonValueKind.String => merge.GetString()!,
        JsonValueKind.Array => string.Join(' ', merge.EnumerateArray().Select(p => p.GetString())),
        _ => throw new InvalidDataException("model.merges entries must be \"a b\" strings or [\"a\", \"b\"] pairs"),
    };

    internal static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static void AddNormalizer(JsonElement normalizer, List<Func<string, string>> steps, string path)
    {
        if (normalizer.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        switch (StringOrNull(normalizer, "type"))
        {
            case "Sequence":
                foreach (var inner in normalizer.GetProperty("normalizers").EnumerateArray())
                {
                    AddNormalizer(inner, steps, path);
                }

                break;
            case "Prepend":
                var prefix = StringOrNull(normalizer, "prepend") ?? "";
                steps.Add(text => text.Length == 0 ? text : prefix + text);
                break;
            case "Replace":
                var pattern = normalizer.GetProperty("pattern");
                var content = StringOrNull(normalizer, "content") ?? "";
                if (StringOrNull(pattern, "String") is { } literal)
                {
                    steps.Add(text => text.Replace(literal, content, StringComparison.Ordinal));
                }
                else if (StringOrNull(pattern, "Regex") is { } regex)
                {
                    var compiled = new Regex(regex, RegexOptions.CultureInvariant);
                    steps.Add(text => compiled.Replace(text, content));
                }

                break;
            case "NFC":
                steps.Add(text => text.Normalize(NormalizationForm.FormC));
                break;
            case "NFD":
                steps.Add(text => text.Normalize(NormalizationForm.FormD));
                break;
            case "NFKC":
                steps.Add(text => text.Normalize(NormalizationForm.FormKC));
                break;
            case "NFKD":
                steps.Add(text => text.Normalize(NormalizationForm.FormKD));
                break;
            case "Lowercase":
                steps.Add(text => text.ToLowerInvariant());
                break;
            case "StripAccents":
                // Removes non-spacing marks only; the files pair it with an NFD step before it.
                steps.Add(text => string.Concat(text.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)));
                break;
            case "Strip":
                var left = !(normalizer.TryGetProperty("strip_left", out var l) && l.ValueKind == JsonValueKind.False);
                var right = !(normalizer.TryGetProperty("strip_right", out var r) && r.ValueKind == JsonValueKind.False);
                steps.Add(text => left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text);
                break;
            case "BertNormalizer":
                var lowercase = !(normalizer.TryGetProperty("lowercase", out var lower) && lower.ValueKind == JsonValueKind.False);
                var bert = new BertTextNormalizer(
                    cleanText: !(normalizer.TryGetProperty("clean_text", out var clean) && clean.ValueKind == JsonValueKind.False),
                    chineseChars: !(normalizer.TryGetProperty("handle_chinese_chars", out var chinese) && chinese.ValueKind == JsonValueKind.False),
                    stripAccents: normalizer.TryGetProperty("strip_accents", out var strip) && strip.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? strip.ValueKind == JsonValueKind.True
                        : lowercase,
                    lowercase: lowercase);
                steps.Add(bert.Apply);
                break;
            case var other:
                throw new InvalidDataException($"{path}: normalizer '{other}' is not supported (Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, BertNormalizer)");
        }
    }

    private static (PreTokenizer PreTokenizer, bool ByteLevel) PreTokenizerOf(JsonElement pre, List<Func<string, string>> steps, Dictionary<string, int> specials, string path)
    {
        List<JsonElement> parts = pre.ValueKind != JsonValueKind.Object ? []
            : StringOrNull(pre, "type") == "Sequence" ? pre.GetProperty("pretokenizers").EnumerateArray().ToList() : [pre];
        string? split = null;
        var byteLevel = false;
        var special = specials.Count > 0 ? specials : null;
        foreach (var part in parts)
        {
            switch (StringOrNull(part, "type"))
            {
                case "ByteLevel":
                    byteLevel = true;
                    if (!part.TryGetProperty("use_regex", out var useRegex) || useRegex.ValueKind != JsonValueKind.False)
                    {
                        split ??= Gpt2Pattern;
                    }

                    break;
                case "Split":
                    split = StringOrNull(part.GetProperty("pattern"), "Regex")
                        ?? Regex.Escape(StringOrNull(part.GetProperty("pattern"), "String") ?? " ");
                    break;
                case "Digits":
                    // Splitting digits apart only matters inside the regex's matches; the GPT-style patterns already do.
                    break;
                case "Whitespace":
                    split = @"\w+|[^\w\s]+";
                    break;
                case "WhitespaceSplit":
                    split = @"\S+";
                    break;
                case "Metaspace":
                    var replacement = StringOrNull(part, "replacement") ?? "\u2581";
                    var prepend = StringOrNull(part, "prepend_scheme") is not "never"
                        && !(part.TryGetProperty("add_prefix_space", out var add) && add.ValueKind == JsonValueKind.False);
                    steps.Add(text => (prepend && text.Length > 0 && !text.StartsWith(' ') ? replacement : "") + text.Replace(" ", replacement, StringComparison.Ordinal));
                    if (!part.TryGetProperty("split", out var splits) || splits.ValueKind != JsonValueKind.False)
                    {
                        var r = Regex.Escape(replacement);
                        split = $"{r}*[^{r}]+|{r}+";
                    }

                    break;
                case var other:
                    throw new InvalidDataException($"{path}: pre-tokenizer '{other}' is not supported (ByteLevel, Split, Whitespace, WhitespaceSplit, Metaspace, Digits)");
            }
        }

        // Without a splitting step Hugging Face encodes the whole text (between added tokens) as one word, as Llama 2's
        // tokenizer.json (no pre-tokenizer) expects; BpeTokenizer's own default would split "▁hello▁world" at every "▁".
        var preTokenizer = new RegexPreTokenizer(new Regex(split ?? @"[\s\S]+", RegexOptions.CultureInvariant), special);
        return (preTokenizer, byteLevel);
    }
}
