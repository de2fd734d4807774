namespace FakeAI.Protocol.Tokenize;

/// <summary>vLLM's answer to <c>POST /detokenize</c>: <c>{"prompt"}</c>.</summary>
public sealed record DetokenizeResponse
{
    public required string Prompt { get; init; }
}
