using System.Text.Json.Serialization;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Completions;

/// <summary>
/// A completions <c>prompt</c> or embeddings <c>input</c>: a string, an array of strings, an array of token ids, or an
/// array of token-id arrays. Each element becomes one <see cref="PromptItem"/>.
/// </summary>
[JsonConverter(typeof(PromptInputConverter))]
public sealed class PromptInput
{
    public PromptInput(IReadOnlyList<PromptItem> items) => Items = items;

    public IReadOnlyList<PromptItem> Items { get; }
}

/// <summary>One prompt: text, or pre-tokenized ids.</summary>
public readonly record struct PromptItem(string? Text, IReadOnlyList<int>? TokenIds)
{
    public static PromptItem FromText(string text) => new(text, null);

    public static PromptItem FromTokens(IReadOnlyList<int> ids) => new(null, ids);
}
