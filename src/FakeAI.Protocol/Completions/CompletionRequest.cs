using FakeAI.Protocol.Chat;

namespace FakeAI.Protocol.Completions;

/// <summary><c>POST /v1/completions</c> request body (legacy completions).</summary>
public sealed record CompletionRequest
{
    public string? Model { get; init; }

    public PromptInput? Prompt { get; init; }

    public int? MaxTokens { get; init; }

    public int? MinTokens { get; init; }

    public bool? IgnoreEos { get; init; }

    public StopSequences? Stop { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public bool? Echo { get; init; }

    public double? Temperature { get; init; }

    public string? User { get; init; }
}
