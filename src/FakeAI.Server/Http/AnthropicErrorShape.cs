using FakeAI.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>
/// Endpoint metadata marking an Anthropic route: <see cref="ApiErrors"/> writes its errors (refusals, auth, limits, the
/// unexpected) as <c>{"type":"error","error":{"type","message"}}</c> with Anthropic's error type for the status.
/// </summary>
internal sealed class AnthropicErrorShape
{
    public static readonly AnthropicErrorShape Instance = new();

    private AnthropicErrorShape()
    {
    }

    public static bool Applies(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AnthropicErrorShape>() is not null;

    /// <summary>Anthropic's documented error type for an HTTP status.</summary>
    public static string TypeFor(int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        StatusCodes.Status503ServiceUnavailable or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    public static MessagesErrorResponse Body(int statusCode, string message) =>
        new() { Error = new MessagesErrorDetail { Type = TypeFor(statusCode), Message = message } };
}
