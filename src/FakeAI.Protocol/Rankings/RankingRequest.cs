namespace FakeAI.Protocol.Rankings;

/// <summary>
/// <c>POST /v1/ranking</c> (NVIDIA NIM reranking, aiperf's <c>rankings</c> endpoint type):
/// <c>{"model","query":{"text"},"passages":[{"text"},...],"truncate"}</c>.
/// </summary>
public sealed record RankingRequest
{
    public string? Model { get; init; }

    public RankingText? Query { get; init; }

    public IReadOnlyList<RankingText>? Passages { get; init; }

    /// <summary><c>NONE</c> refuses inputs longer than the model's window, <c>END</c> truncates them; absent → the server's policy.</summary>
    public string? Truncate { get; init; }
}

/// <summary>A query or passage of a ranking request: <c>{"text": "..."}</c>.</summary>
public sealed record RankingText
{
    public string? Text { get; init; }
}
