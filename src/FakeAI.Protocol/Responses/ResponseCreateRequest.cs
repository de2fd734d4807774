namespace FakeAI.Protocol.Responses;

/// <summary>
/// <c>POST /v1/responses</c> request body (OpenAI's Responses API). Fields the fake server does not simulate
/// (<c>include</c>, …) are accepted and ignored.
/// </summary>
public sealed record ResponseCreateRequest
{
    public string? Model { get; init; }

    public ResponseInput? Input { get; init; }

    public string? Instructions { get; init; }

    public int? MaxOutputTokens { get; init; }

    public bool? Stream { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public bool? Store { get; init; }

    public string? PreviousResponseId { get; init; }

    public ResponseReasoning? Reasoning { get; init; }

    public string? User { get; init; }

    /// <summary>Not an OpenAI field: fixes the generated text, as <c>seed</c> does for chat.</summary>
    public long? Seed { get; init; }

    /// <summary><c>[{"type":"function","name","description","parameters","strict"}, …]</c>, kept raw for precise 400s.</summary>
    public System.Text.Json.JsonElement? Tools { get; init; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type":"function","name"}</c>.</summary>
    public System.Text.Json.JsonElement? ToolChoice { get; init; }

    /// <summary><c>{"format":{"type":"text"|"json_object"|"json_schema",…}}</c>.</summary>
    public System.Text.Json.JsonElement? Text { get; init; }
}

/// <summary><c>reasoning</c>: effort and whether (and how) to summarise the reasoning.</summary>
public sealed record ResponseReasoning
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public string? Effort { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public string? Summary { get; init; }
}
