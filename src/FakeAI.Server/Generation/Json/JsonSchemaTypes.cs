namespace FakeAI.Server.Generation.Json;

/// <summary>JSON Schema's <c>type</c> names as flags, so a type array is one value.</summary>
[Flags]
internal enum JsonSchemaTypes
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}
