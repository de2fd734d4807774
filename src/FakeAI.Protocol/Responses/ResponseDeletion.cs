using System.Text.Json.Serialization;

namespace FakeAI.Protocol.Responses;

/// <summary>The body of <c>DELETE /v1/responses/{id}</c>.</summary>
public sealed record ResponseDeletion(string Id)
{
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "response";

    public bool Deleted { get; init; } = true;
}
