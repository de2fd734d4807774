using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;

namespace FakeAI.Server.Streaming;

/// <summary>
/// A validated request turned into what to send and when. <paramref name="Kv"/> is the request's hold on its simulated
/// worker's cache blocks (null when caching is off); the endpoint disposes it when the request ends, however it ends.
/// </summary>
internal sealed record PlannedResponse(
    ModelDescriptor Model,
    Vocabulary Vocabulary,
    int PromptTokens,
    GeneratedCompletion Completion,
    LatencyPlan Latency,
    long Start,
    bool IncludeUsage,
    KvAdmission? Kv)
{
    public UsageInfo Usage => new()
    {
        PromptTokens = PromptTokens,
        CompletionTokens = Completion.TotalTokens,
        TotalTokens = PromptTokens + Completion.TotalTokens,
        PromptTokensDetails = new PromptTokensDetails { CachedTokens = Kv?.CachedTokens ?? 0 },
        CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = Completion.Reasoning.Length },
    };
}
