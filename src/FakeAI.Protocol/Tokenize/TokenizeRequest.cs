namespace FakeAI.Protocol.Tokenize;

/// <summary>vLLM's <c>POST /tokenize</c>: <c>{"model","prompt"}</c>.</summary>
public sealed record TokenizeRequest
{
    public string? Model { get; init; }

    public string? Prompt { get; init; }
}
