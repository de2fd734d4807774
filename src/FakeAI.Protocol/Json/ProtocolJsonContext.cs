using System.Text.Json.Serialization;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Embeddings;
using FakeAI.Protocol.Errors;
using FakeAI.Protocol.Models;
using FakeAI.Protocol.Rankings;
using FakeAI.Protocol.Responses;
using FakeAI.Protocol.Tokenize;

namespace FakeAI.Protocol.Json;

/// <summary>
/// The one source-generated JSON context for every wire type: snake_case names, nulls omitted (except the fields OpenAI
/// always sends as null), unknown request fields ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TextCheckedJsonElementConverter)])]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(CompletionRequest))]
[JsonSerializable(typeof(CompletionResponse))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(RankingRequest))]
[JsonSerializable(typeof(RankingResponse))]
[JsonSerializable(typeof(RerankRequest))]
[JsonSerializable(typeof(RerankResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ResponseCreateRequest))]
[JsonSerializable(typeof(ResponseInputItem))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseStreamEvent))]
[JsonSerializable(typeof(ResponseDeletion))]
[JsonSerializable(typeof(TokenizeRequest))]
[JsonSerializable(typeof(TokenizeResponse))]
[JsonSerializable(typeof(DetokenizeRequest))]
[JsonSerializable(typeof(DetokenizeResponse))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
