using System.Text.Encodings.Web;
using System.Text.Json;
using FakeAI.Protocol.Errors;
using FakeAI.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>Writes <c>{"error":{"message","type","param","code"}}</c> responses.</summary>
internal static class ApiErrors
{
    // Error messages quote parameter names ('max_tokens'); JSON responses need no HTML-safe escaping of quotes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, ApiException error) =>
        WriteAsync(context, error.StatusCode, error.Message, error.Type, error.Param, error.Code);

    public static async Task WriteAsync(HttpContext context, int statusCode, string message, string type, string? param, string? code)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var body = new ErrorResponse(new ErrorDetail { Message = message, Type = type, Param = param, Code = code });
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            if (AnthropicErrorShape.Applies(context))
            {
                JsonSerializer.Serialize(writer, AnthropicErrorShape.Body(statusCode, message), Protocol.Messages.MessagesJsonContext.Default.MessagesErrorResponse);
            }
            else
            {
                JsonSerializer.Serialize(writer, body, ProtocolJsonContext.Default.ErrorResponse);
            }
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
