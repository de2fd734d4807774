namespace FakeAI.Protocol.Rankings;

/// <summary>
/// <c>POST /v1/rerank</c> and <c>/v2/rerank</c> (vLLM's and Cohere's rerank API):
/// <c>{"model","query","documents":[...],"top_n","return_documents"}</c>.
/// </summary>
public sealed record RerankRequest
{
    public string? Model { get; init; }

    public string? Query { get; init; }

    public IReadOnlyList<string>? Documents { get; init; }

    /// <summary>Only the best <c>top_n</c> results are returned; absent → all.</summary>
    public int? TopN { get; init; }

    /// <summary>Echo each document's text in its result (vLLM's default is true).</summary>
    public bool? ReturnDocuments { get; init; }
}
