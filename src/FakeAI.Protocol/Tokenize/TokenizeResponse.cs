namespace FakeAI.Protocol.Tokenize;

/// <summary>vLLM's answer to <c>POST /tokenize</c>: <c>{"count","max_model_len","tokens"}</c>.</summary>
public sealed record TokenizeResponse
{
    public required int Count { get; init; }

    public required int MaxModelLen { get; init; }

    public required IReadOnlyList<int> Tokens { get; init; }
}
