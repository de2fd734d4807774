using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Errors;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Faults;

/// <summary>The error answers of the status faults, worded and shaped as OpenAI's (as Anthropic's on the Messages route,
/// whose 429 also carries Anthropic's rate-limit headers instead of OpenAI's).</summary>
internal static class FaultResponses
{
    /// <summary>Requests per minute an injected 429 reports as the limit (it is used up) when <c>--rpm</c> is not set.</summary>
    public const int RequestLimit = 60;

    /// <summary>Tokens per minute an injected 429 reports as the limit (untouched) when <c>--tpm</c> is not set.</summary>
    public const int TokenLimit = 150_000;

    /// <summary>The message of a mid-stream error event (and of a non-streaming stream-error's 500).</summary>
    public const string StreamErrorMessage = "The server had an error while processing your request. Sorry about that!";

    /// <summary>The error object of a <c>stream-error</c> fault: the data of a stream's error event, or a 500's body.</summary>
    public static readonly ErrorResponse StreamError = new(new ErrorDetail { Message = StreamErrorMessage, Type = "server_error", Param = null, Code = null });

    /// <summary>The <c>error</c> of a Responses API <c>response.failed</c> event for a <c>stream-error</c> fault.</summary>
    public static readonly JsonElement ResponseFailedError = ResponseError("server_error", StreamErrorMessage);

    /// <summary>A <c>stream-error</c> fault where no stream has started: a 500 carrying <see cref="StreamError"/>.</summary>
    public static Task WriteStreamErrorAsync(HttpContext context) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, StreamErrorMessage, "server_error", null, null);

    /// <summary>Writes a status fault; an injected 429 reports the server's own <paramref name="limits"/> where they are set.</summary>
    public static Task WriteAsync(HttpContext context, InjectedFault fault, FaultTarget target, Limits.LimitsOptions limits, TimeProvider time)
    {
        context.Response.Headers[FaultInjector.InjectedHeader] = fault.Kind.Name();
        if (AnthropicErrorShape.Applies(context))
        {
            return WriteAnthropicAsync(context, fault, limits, time);
        }

        switch (fault.Kind)
        {
            case FaultKind.RateLimit:
                var requestLimit = limits.RequestsPerMinute ?? RequestLimit;
                var tokenLimit = limits.TokensPerMinute ?? TokenLimit;
                var retry = fault.RetryAfterSeconds;
                var reset = GoDuration.Format(TimeSpan.FromSeconds(retry));
                var headers = context.Response.Headers;
                headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                headers["retry-after-ms"] = (retry * 1000L).ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-limit-requests"] = requestLimit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-remaining-requests"] = "0";
                headers["x-ratelimit-reset-requests"] = reset;
                headers["x-ratelimit-limit-tokens"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-remaining-tokens"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
                headers["x-ratelimit-reset-tokens"] = "0s";
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status429TooManyRequests,
                    string.Create(CultureInfo.InvariantCulture, $"Rate limit reached for requests per min (RPM): Limit {requestLimit}, Used {requestLimit}, Requested 1. Please try again in {reset}. Visit https://platform.openai.com/account/rate-limits to learn more."),
                    "requests",
                    null,
                    "rate_limit_exceeded");
            case FaultKind.ServerError:
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status500InternalServerError,
                    "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.",
                    "server_error",
                    null,
                    null);
            case FaultKind.Overloaded:
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    "That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists.",
                    "server_error",
                    null,
                    null);
            case FaultKind.ContextLength:
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    $"This model's maximum context length was exceeded. Please reduce the length of the {target.PromptParam} or completion.",
                    ApiException.InvalidRequest,
                    target.PromptParam,
                    "context_length_exceeded");
            case FaultKind.InvalidApiKey:
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status401Unauthorized,
                    "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
                    ApiException.InvalidRequest,
                    null,
                    "invalid_api_key");
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "not a status fault");
        }
    }

    /// <summary>
    /// A status fault on the Messages route, worded as Anthropic words these errors; <see cref="ApiErrors"/> gives it
    /// Anthropic's shape and the error type of its status (<c>rate_limit_error</c>, <c>api_error</c>,
    /// <c>overloaded_error</c>, <c>invalid_request_error</c>, <c>authentication_error</c>).
    /// </summary>
    private static Task WriteAnthropicAsync(HttpContext context, InjectedFault fault, Limits.LimitsOptions limits, TimeProvider time)
    {
        switch (fault.Kind)
        {
            case FaultKind.RateLimit:
                var requestLimit = limits.RequestsPerMinute ?? RequestLimit;
                var tokenLimit = limits.TokensPerMinute ?? TokenLimit;
                var retry = fault.RetryAfterSeconds;
                var now = time.GetUtcNow();
                var headers = context.Response.Headers;
                headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                headers["anthropic-ratelimit-requests-limit"] = requestLimit.ToString(CultureInfo.InvariantCulture);
                headers["anthropic-ratelimit-requests-remaining"] = "0";
                headers["anthropic-ratelimit-requests-reset"] = Rfc3339(now.AddSeconds(retry));
                headers["anthropic-ratelimit-tokens-limit"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
                headers["anthropic-ratelimit-tokens-remaining"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
                headers["anthropic-ratelimit-tokens-reset"] = Rfc3339(now);
                return ApiErrors.WriteAsync(
                    context,
                    StatusCodes.Status429TooManyRequests,
                    string.Create(CultureInfo.InvariantCulture, $"This request would exceed your organization's rate limit of {requestLimit} requests per minute. Please try again in {retry} seconds."),
                    "rate_limit_error",
                    null,
                    null);
            case FaultKind.ServerError:
                return ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error", "api_error", null, null);
            case FaultKind.Overloaded:
                return ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Overloaded", "overloaded_error", null, null);
            case FaultKind.ContextLength:
                return ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "prompt is too long: the prompt and max_tokens exceed the model's context window", "invalid_request_error", null, null);
            case FaultKind.InvalidApiKey:
                return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid x-api-key", "authentication_error", null, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "not a status fault");
        }
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonElement ResponseError(string code, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
