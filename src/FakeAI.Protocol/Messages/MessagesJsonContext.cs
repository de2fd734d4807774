using System.Text.Json.Serialization;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Messages;

/// <summary>Source-generated JSON for the Anthropic Messages wire types: snake_case, nulls omitted unless marked.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TextCheckedJsonElementConverter)])]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(MessagesStreamEvent))]
[JsonSerializable(typeof(MessagesMessageDeltaEvent))]
[JsonSerializable(typeof(MessagesErrorResponse))]
public sealed partial class MessagesJsonContext : JsonSerializerContext;
