using System.Globalization;
using System.Text;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// Hugging Face's <c>BertNormalizer</c>, step for step: drop NUL, U+FFFD and "other" characters (Cc, Cf, Cn, Co; tab,
/// CR and LF excepted) and turn every whitespace character into a space; pad CJK ideographs with spaces; strip accents
/// (NFD, then drop non-spacing marks; on when lowercasing unless <c>strip_accents</c> says otherwise); lowercase.
/// Microsoft.ML.Tokenizers' own BERT normalizer is internal and differs (it deletes tab/CR/LF instead of spacing them,
/// so "a\nb" becomes one word, and it recomposes to NFC), hence this copy.
/// </summary>
internal sealed class BertTextNormalizer(bool cleanText, bool chineseChars, bool stripAccents, bool lowercase)
{
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            int codePoint = char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text, i) : text[i];
            if (cleanText)
            {
                if (codePoint is 0 or 0xFFFD || IsOther(text, i))
                {
                    continue;
                }

                if (char.IsWhiteSpace(text, i))
                {
                    builder.Append(' ');
                    continue;
                }
            }

            if (chineseChars && IsChinese(codePoint))
            {
                builder.Append(' ').Append(text, i, codePoint > 0xFFFF ? 2 : 1).Append(' ');
                continue;
            }

            builder.Append(text, i, codePoint > 0xFFFF ? 2 : 1);
        }

        var result = builder.ToString();
        if (stripAccents)
        {
            var decomposed = result.Normalize(NormalizationForm.FormD);
            builder.Clear();
            foreach (var c in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                {
                    builder.Append(c);
                }
            }

            result = builder.ToString();
        }

        return lowercase ? result.ToLowerInvariant() : result;
    }

    private static bool IsOther(string text, int index) =>
        text[index] is not ('\t' or '\n' or '\r')
        && CharUnicodeInfo.GetUnicodeCategory(text, index) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    /// <summary>The CJK Unified Ideograph blocks BERT's original code (and Hugging Face's) pads with spaces.</summary>
    private static bool IsChinese(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
