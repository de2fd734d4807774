using FakeAI.Server.Generation.Json;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// A compiled schema the answer or a tool's arguments must satisfy, with the words a 400 names it by:
/// <paramref name="Label"/> (<c>response_format 'x'</c>, <c>function 'f'</c>), the request field <paramref name="Param"/> and
/// the error code <paramref name="Code"/> (OpenAI gives one for tool parameters only).
/// </summary>
internal sealed record OutputSchema(JsonSchemaNode Schema, string Label, string Param, string? Code);
