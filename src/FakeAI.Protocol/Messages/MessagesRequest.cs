using System.Text.Json;

namespace FakeAI.Protocol.Messages;

/// <summary>
/// An Anthropic Messages API request (<c>POST /v1/messages</c>). <see cref="System"/> and each message's content may be a
/// string or an array of content blocks, so they stay raw JSON and the endpoint walks them with precise 400s.
/// </summary>
public sealed class MessagesRequest
{
    public string? Model { get; set; }

    public int? MaxTokens { get; set; }

    public JsonElement? System { get; set; }

    public List<MessagesInputMessage?>? Messages { get; set; }

    public List<string>? StopSequences { get; set; }

    public bool? Stream { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? TopK { get; set; }

    public JsonElement? Metadata { get; set; }

    public MessagesThinking? Thinking { get; set; }

    /// <summary><c>[{"name","description","input_schema"}, …]</c>, kept raw for precise 400s.</summary>
    public JsonElement? Tools { get; set; }

    /// <summary><c>{"type":"auto"|"any"|"tool"|"none","name"?}</c>.</summary>
    public JsonElement? ToolChoice { get; set; }
}

/// <summary>One input message: <c>role</c> user or assistant, <c>content</c> a string or content blocks.</summary>
public sealed class MessagesInputMessage
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }
}

/// <summary>Extended thinking: <c>{"type":"enabled","budget_tokens":N}</c> or <c>{"type":"disabled"}</c>.</summary>
public sealed class MessagesThinking
{
    public string? Type { get; set; }

    public int? BudgetTokens { get; set; }
}
