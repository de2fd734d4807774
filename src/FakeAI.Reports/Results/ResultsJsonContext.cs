using System.Text.Json.Serialization;

namespace FakeAI.Reports.Results;

/// <summary>Source-generated JSON for the suite and bench result files (snake_case, indented, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SuiteSummary))]
[JsonSerializable(typeof(BenchResultFile))]
public sealed partial class ResultsJsonContext : JsonSerializerContext;
