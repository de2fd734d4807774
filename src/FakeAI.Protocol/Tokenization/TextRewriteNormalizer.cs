using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>A Hugging Face normalizer chain (Prepend, Replace, Unicode forms, Lowercase; Metaspace's replacement of
/// spaces) applied as plain string rewrites before BPE. Only counts are needed, so offsets are not tracked.</summary>
internal sealed class TextRewriteNormalizer(IReadOnlyList<Func<string, string>> steps) : Normalizer
{
    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var text = original;
        foreach (var step in steps)
        {
            text = step(text);
        }

        return text;
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
