namespace FakeAI.Server.Generation.Json;

/// <summary>
/// A schema the fake cannot generate for: malformed, unsatisfiable, or using a keyword it does not support. The message
/// names the place (OpenAI's <c>In context=(…)</c> form) and the keyword, ready for a 400.
/// </summary>
internal sealed class InvalidJsonSchemaException : Exception
{
    public InvalidJsonSchemaException()
    {
    }

    public InvalidJsonSchemaException(string message)
        : base(message)
    {
    }

    public InvalidJsonSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
