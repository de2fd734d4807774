using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>A Hugging Face normalizer chain (Prepend, Replace, Unicode forms, Lowercase, BertNormalizer; Metaspace's
/// replacement of spaces) applied as plain string rewrites before the model. Only counts are needed, so offsets are not
/// tracked. When <paramref name="verbatim"/> is given, its matches (added tokens that Hugging Face matches before
/// normalizing) are kept as they are and the text between them is normalized piece by piece, as Hugging Face does.</summary>
internal sealed class TextRewriteNormalizer(IReadOnlyList<Func<string, string>> steps, Regex? verbatim = null) : Normalizer
{
    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (verbatim is null)
        {
            return Rewrite(original);
        }

        var builder = new StringBuilder(original.Length);
        var start = 0;
        foreach (var match in verbatim.EnumerateMatches(original))
        {
            builder.Append(Rewrite(original[start..match.Index])).Append(original, match.Index, match.Length);
            start = match.Index + match.Length;
        }

        return builder.Append(Rewrite(original[start..])).ToString();
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    private string Rewrite(string text)
    {
        foreach (var step in steps)
        {
            text = step(text);
        }

        return text;
    }
}
