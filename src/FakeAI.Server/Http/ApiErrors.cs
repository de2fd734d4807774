using System.Text.Json;
using FakeAI.Protocol.Errors;
using FakeAI.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>Writes <c>{"error":{"message","type","param","code"}}</c> responses.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, ApiException error) =>
        WriteAsync(context, error.StatusCode, error.Message, error.Type, error.Param, error.Code);

    public static Task WriteAsync(HttpContext context, int statusCode, string message, string type, string? param, string? code)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var body = new ErrorResponse(new ErrorDetail { Message = message, Type = type, Param = param, Code = code });
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ProtocolJsonContext.Default.ErrorResponse, context.RequestAborted);
    }
}
