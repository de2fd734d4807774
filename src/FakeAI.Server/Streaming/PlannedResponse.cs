using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Latency;

namespace FakeAI.Server.Streaming;

/// <summary>A validated request turned into what to send and when.</summary>
internal sealed record PlannedResponse(
    ModelDescriptor Model,
    Vocabulary Vocabulary,
    int PromptTokens,
    GeneratedCompletion Completion,
    LatencyPlan Latency,
    long Start,
    bool IncludeUsage)
{
    public UsageInfo Usage => new()
    {
        PromptTokens = PromptTokens,
        CompletionTokens = Completion.TotalTokens,
        TotalTokens = PromptTokens + Completion.TotalTokens,
        PromptTokensDetails = new PromptTokensDetails { CachedTokens = 0 },
        CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = Completion.Reasoning.Length },
    };
}
