using System.Text.Json.Serialization;

namespace FakeAI.Reports.Benchmarks;

internal sealed record KvMessage(string Role, string Content);

internal sealed record KvStreamOptions(bool IncludeUsage);

internal sealed record KvRequest(string Model, IReadOnlyList<KvMessage> Messages, int MaxTokens, bool Stream, KvStreamOptions StreamOptions);

/// <summary>Source-generated JSON for the KV-cache benchmark's requests.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KvRequest))]
internal sealed partial class KvJsonContext : JsonSerializerContext;
