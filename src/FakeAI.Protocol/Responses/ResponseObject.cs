using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeAI.Protocol.Responses;

/// <summary>
/// A Responses API <c>response</c> object, with the fields OpenAI always sends (those it sends as null included), in its
/// order. <see cref="Usage"/> is null while the response is in progress.
/// </summary>
public sealed record ResponseObject
{
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "response";

    public long CreatedAt { get; init; }

    public required string Status { get; init; }

    public bool Background { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResponseIncompleteDetails? IncompleteDetails { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instructions { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MaxOutputTokens { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MaxToolCalls { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<ResponseOutputItem> Output { get; init; }

    public bool ParallelToolCalls { get; init; } = true;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? PreviousResponseId { get; init; }

    public ResponseReasoning Reasoning { get; init; } = new();

    public string ServiceTier { get; init; } = "default";

    public bool Store { get; init; }

    public double Temperature { get; init; } = 1.0;

    public ResponseTextConfig Text { get; init; } = ResponseTextConfig.PlainText;

    public string ToolChoice { get; init; } = "auto";

    public IReadOnlyList<JsonElement> Tools { get; init; } = [];

    public int TopLogprobs { get; init; }

    public double TopP { get; init; } = 1.0;

    public string Truncation { get; init; } = "disabled";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResponseUsage? Usage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? User { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly Dictionary<string, string> EmptyMetadata = [];
}

/// <summary><c>incomplete_details</c>.</summary>
public sealed record ResponseIncompleteDetails(string Reason);

/// <summary><c>text</c>: the output format (always plain text here) and verbosity.</summary>
public sealed record ResponseTextConfig
{
    public static readonly ResponseTextConfig PlainText = new();

    public ResponseTextFormat Format { get; init; } = new("text");

    public string Verbosity { get; init; } = "medium";
}

/// <summary><c>text.format</c>: <c>text</c>, <c>json_object</c>, or <c>json_schema</c> with its name, schema and strictness.</summary>
public sealed record ResponseTextFormat(string Type)
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Schema { get; init; }

    public bool? Strict { get; init; }
}

/// <summary>
/// One output item: a <c>message</c> (id, status, role, content), a <c>reasoning</c> item (id, summary) or a
/// <c>function_call</c> (id, status, arguments, call id, name); the fields of the other kinds stay null and are not
/// written.
/// </summary>
public sealed record ResponseOutputItem
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public string? Status { get; init; }

    public IReadOnlyList<ResponseContentPart>? Content { get; init; }

    public string? Role { get; init; }

    public IReadOnlyList<ResponseContentPart>? Summary { get; init; }

    public string? Arguments { get; init; }

    public string? CallId { get; init; }

    public string? Name { get; init; }
}

/// <summary>
/// A content part: <c>output_text</c> (with <c>annotations</c> and <c>logprobs</c>, always empty here) or a reasoning
/// summary's <c>summary_text</c> (without them).
/// </summary>
public sealed record ResponseContentPart
{
    public required string Type { get; init; }

    public IReadOnlyList<JsonElement>? Annotations { get; init; }

    public IReadOnlyList<JsonElement>? Logprobs { get; init; }

    public required string Text { get; init; }

    public static ResponseContentPart OutputText(string text) => new() { Type = "output_text", Annotations = [], Logprobs = [], Text = text };

    public static ResponseContentPart SummaryText(string text) => new() { Type = "summary_text", Text = text };
}

/// <summary>A response's <c>usage</c>.</summary>
public sealed record ResponseUsage
{
    public int InputTokens { get; init; }

    public ResponseInputTokensDetails InputTokensDetails { get; init; } = new();

    public int OutputTokens { get; init; }

    public ResponseOutputTokensDetails OutputTokensDetails { get; init; } = new();

    public int TotalTokens { get; init; }
}

/// <summary><c>usage.input_tokens_details</c>.</summary>
public sealed record ResponseInputTokensDetails
{
    /// <summary>Input tokens served from the (simulated) prefix cache.</summary>
    public int CachedTokens { get; init; }
}

/// <summary><c>usage.output_tokens_details</c>.</summary>
public sealed record ResponseOutputTokensDetails
{
    /// <summary>Output tokens spent reasoning; already included in <c>output_tokens</c>.</summary>
    public int ReasoningTokens { get; init; }
}
