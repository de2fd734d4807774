using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Generation;

/// <summary>
/// A fixed text (a structured output, a tool call's arguments) cut into the model's tokens exactly where its tokenizer
/// cuts it, so streaming one piece per token and counting the pieces gives the tokenizer's own count. Each piece carries
/// its JSON string form for the hot path, as <see cref="Vocabulary"/> entries do.
/// </summary>
internal sealed class TokenizedText
{
    private TokenizedText(VocabularyToken[] tokens) => Tokens = tokens;

    public VocabularyToken[] Tokens { get; }

    /// <summary>Splits <paramref name="text"/>, which must be ASCII so that every token covers whole characters.</summary>
    public static TokenizedText Create(Tokenizer tokenizer, string text)
    {
        var encoded = tokenizer.EncodeToTokens(text, out _);
        var tokens = new VocabularyToken[encoded.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            var piece = text[encoded[i].Offset];
            tokens[i] = new VocabularyToken(piece, JsonSerializer.SerializeToUtf8Bytes(piece, Protocol.Json.ProtocolJsonContext.Default.String));
        }

        return new TokenizedText(tokens);
    }

    /// <summary>The text of the first <paramref name="count"/> tokens.</summary>
    public string Prefix(int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(Tokens[i].Text);
        }

        return builder.ToString();
    }
}
