using System.Text.Json.Serialization;

namespace FakeAI.Server.Engine.Calibration;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EngineProfile))]
internal sealed partial class EngineProfileJsonContext : JsonSerializerContext;
