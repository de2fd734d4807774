using System.Text.Json.Serialization;

namespace FakeAI.Server.KvCache;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KvCacheMetricsSnapshot))]
internal sealed partial class KvCacheJsonContext : JsonSerializerContext;
