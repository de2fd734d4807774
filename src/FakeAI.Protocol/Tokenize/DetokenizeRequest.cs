namespace FakeAI.Protocol.Tokenize;

/// <summary>vLLM's <c>POST /detokenize</c>: <c>{"model","tokens"}</c>.</summary>
public sealed record DetokenizeRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<int>? Tokens { get; init; }
}
