namespace FakeAI.Protocol.Rankings;

/// <summary>The answer of <c>/v1/rerank</c>: results sorted by relevance, best first.</summary>
public sealed record RerankResponse
{
    public required string Id { get; init; }

    public required string Model { get; init; }

    public required RerankUsage Usage { get; init; }

    public required IReadOnlyList<RerankResult> Results { get; init; }
}

/// <summary>One reranked document: its position in the request, its score in (0, 1) and optionally its text.</summary>
public sealed record RerankResult
{
    public int Index { get; init; }

    public RerankDocument? Document { get; init; }

    public double RelevanceScore { get; init; }
}

/// <summary><c>{"text": "..."}</c> of an echoed document.</summary>
public sealed record RerankDocument
{
    public required string Text { get; init; }
}

/// <summary>vLLM's rerank usage: the tokens read.</summary>
public sealed record RerankUsage
{
    public int TotalTokens { get; init; }
}
