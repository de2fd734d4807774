using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;

namespace FakeAI.Server.Streaming;

/// <summary>
/// A validated request turned into what to send and when. <paramref name="Choices"/> holds one planned completion per
/// choice (index = prompt index × n + choice index), all on the one <paramref name="Latency"/> schedule.
/// <paramref name="Kv"/> is the request's hold on its simulated worker's cache blocks (null when caching is off); the
/// endpoint disposes it when the request ends, however it ends.
/// </summary>
internal sealed record PlannedResponse(
    ModelDescriptor Model,
    Vocabulary Vocabulary,
    int PromptTokens,
    IReadOnlyList<GeneratedCompletion> Choices,
    LatencyPlan Latency,
    long Start,
    bool IncludeUsage,
    KvAdmission? Kv)
{
    /// <summary>The first choice: the whole response when there is only one.</summary>
    public GeneratedCompletion Completion => Choices[0];

    /// <summary>Tokens generated over all choices.</summary>
    public int CompletionTokens => Sum(static c => c.TotalTokens);

    /// <summary>The token count of the longest choice: the response ends when it does.</summary>
    public int LongestChoiceTokens => Choices.Count == 1 ? Completion.TotalTokens : Choices.Max(static c => c.TotalTokens);

    /// <summary>
    /// The request's finish reason for metrics: that of the choice that ends last (the longest). Choices share one budget
    /// and a stop string always ends a choice short of it, so "length" wins whenever any choice used the whole budget.
    /// </summary>
    public string FinishReason => Choices.Count == 1 ? Completion.FinishReason : Choices.MaxBy(static c => c.TotalTokens)!.FinishReason;

    public UsageInfo Usage
    {
        get
        {
            var completionTokens = CompletionTokens;
            return new()
            {
                PromptTokens = PromptTokens,
                CompletionTokens = completionTokens,
                TotalTokens = PromptTokens + completionTokens,
                PromptTokensDetails = new PromptTokensDetails { CachedTokens = Kv?.CachedTokens ?? 0 },
                CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = Sum(static c => c.ReasoningTokens) },
            };
        }
    }

    private int Sum(Func<GeneratedCompletion, int> tokens)
    {
        var sum = 0;
        for (var i = 0; i < Choices.Count; i++)
        {
            sum += tokens(Choices[i]);
        }

        return sum;
    }
}
