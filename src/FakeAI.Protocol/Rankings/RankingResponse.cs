using FakeAI.Protocol.Usage;

namespace FakeAI.Protocol.Rankings;

/// <summary>The answer of <c>/v1/ranking</c>: every passage's index and logit, highest logit first, plus token usage.</summary>
public sealed record RankingResponse
{
    public required IReadOnlyList<RankingEntry> Rankings { get; init; }

    public required UsageInfo Usage { get; init; }
}

/// <summary>One ranked passage: its position in the request and its relevance logit.</summary>
public sealed record RankingEntry
{
    public int Index { get; init; }

    public double Logit { get; init; }
}
