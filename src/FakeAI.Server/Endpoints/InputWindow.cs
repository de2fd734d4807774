using System.Globalization;
using FakeAI.Server.Http;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// The context window of embedding and ranking models: an input longer than the window is cut to it (its first tokens
/// kept) or, with <see cref="FakeAIServerOptions.StrictInputLength"/>, refused with 400 <c>context_length_exceeded</c>.
/// </summary>
internal static class InputWindow
{
    /// <summary>Throws the 400 under strict input length; returns when the caller may truncate instead.</summary>
    public static void EnsureTruncationAllowed(bool strict, string param, long tokens, int contextWindow)
    {
        if (strict)
        {
            throw ApiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"This model's maximum context length is {contextWindow} tokens, but {param} has {tokens} tokens. Please reduce the length of the input."),
                param,
                "context_length_exceeded");
        }
    }

    /// <summary>The longest prefix of <paramref name="text"/> with at most <paramref name="limit"/> tokens.</summary>
    public static string Truncate(Tokenizer tokenizer, string text, int limit, out int keptTokens)
    {
        var end = BoundedTokenization.PrefixLength(tokenizer, text, limit, out keptTokens);
        return text[..end];
    }
}
