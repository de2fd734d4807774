using System.Text.Json.Serialization;

namespace FakeAI.Protocol.Errors;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record ErrorResponse(ErrorDetail Error);

/// <summary>The body of <see cref="ErrorResponse"/>; <c>param</c> and <c>code</c> are written as null when absent, as OpenAI does.</summary>
public sealed record ErrorDetail
{
    public required string Message { get; init; }

    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; init; }
}
