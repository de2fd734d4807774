using System.Text.Json.Serialization;

namespace FakeAI.Reports.Calibration;

/// <summary>Source-generated JSON for <c>verify.json</c> (snake_case, indented); numbers are invariant by the format.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(TwinVerification))]
internal sealed partial class TwinVerificationJsonContext : JsonSerializerContext;
