using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>
/// Requires <c>Authorization: Bearer KEY</c> (or Anthropic's <c>x-api-key: KEY</c>) with one of the configured keys on every endpoint carrying
/// <see cref="ApiKeyRequired"/>. Runs after routing: requests that match no endpoint end as 404/405 and reveal nothing.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, byte[][] keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (keys.Length == 0 || context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is null)
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0 && context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } anthropicKey)
        {
            // Anthropic's clients send the key bare in x-api-key instead of as a bearer token.
            return IsKnown(anthropicKey.Trim()) ? next(context) : Unauthorized(context, "Incorrect API key provided.");
        }

        if (header.Length == 0)
        {
            return Unauthorized(context, "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or 'x-api-key: YOUR_KEY').");
        }

        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : string.Empty;
        return IsKnown(presented) ? next(context) : Unauthorized(context, "Incorrect API key provided.");
    }

    private bool IsKnown(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        var known = false;
        foreach (var key in keys)
        {
            // Compare against every key in constant time so timing reveals nothing about which prefix matched.
            known |= CryptographicOperations.FixedTimeEquals(bytes, key);
        }

        return known && bytes.Length > 0;
    }

    private static Task Unauthorized(HttpContext context, string message) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, message, ApiException.InvalidRequest, null, "invalid_api_key");
}
