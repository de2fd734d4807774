using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Endpoints;

/// <summary>Prompt token accounting shared by the chat and completions endpoints.</summary>
internal static class PromptTokens
{
    /// <summary>
    /// Counts <paramref name="text"/>'s tokens; when <paramref name="ids"/> is given (KV cache on) the ids themselves are
    /// appended too, since the cache needs them and encoding once is cheaper than counting and then encoding.
    /// </summary>
    public static int Add(Tokenizer tokenizer, string text, List<int>? ids)
    {
        return ids is null ? BoundedTokenization.Count(tokenizer, text) : BoundedTokenization.Encode(tokenizer, text, ids);
    }
}
