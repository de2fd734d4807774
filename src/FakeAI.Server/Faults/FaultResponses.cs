using System.Globalization;
using FakeAI.Protocol.Errors;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Faults;

/// <summary>The error answers of the status faults, worded and shaped as OpenAI's.</summary>
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

    /// <summary>A <c>stream-error</c> fault where no stream has started: a 500 carrying <see cref="StreamError"/>.</summary>
    public static Task WriteStreamErrorAsync(HttpContext context) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, StreamErrorMessage, "server_error", null, null);

    /// <summary>Writes a status fault; an injected 429 reports the server's own <paramref name="limits"/> where they are set.</summary>
    public static Task WriteAsync(HttpContext context, InjectedFault fault, FaultTarget target, Limits.LimitsOptions limits)
    {
        context.Response.Headers[FaultInjector.InjectedHeader] = fault.Kind.Name();
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
}
