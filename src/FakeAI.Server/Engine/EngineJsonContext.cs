using System.Text.Json.Serialization;

namespace FakeAI.Server.Engine;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EngineStateSnapshot))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
