using System.Text.Json;

namespace FakeAI.Protocol.Chat;

/// <summary><c>POST /v1/chat/completions</c> request body. Fields the fake server does not simulate are accepted and ignored.</summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    /// <summary>vLLM extension: stop strings are ignored until this many tokens were generated.</summary>
    public int? MinTokens { get; init; }

    /// <summary>vLLM extension; the fake model never emits EOS early, so output length is always the requested one.</summary>
    public bool? IgnoreEos { get; init; }

    public StopSequences? Stop { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public string? User { get; init; }

    /// <summary><c>[{"type":"function","function":{"name","description","parameters","strict"}}]</c>, kept raw for precise 400s.</summary>
    public JsonElement? Tools { get; init; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type":"function","function":{"name"}}</c>.</summary>
    public JsonElement? ToolChoice { get; init; }

    /// <summary><c>{"type":"text"|"json_object"}</c> or <c>{"type":"json_schema","json_schema":{"name","schema","strict"}}</c>.</summary>
    public JsonElement? ResponseFormat { get; init; }
}
