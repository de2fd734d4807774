using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FakeAI.Server.Http;

/// <summary>
/// Turns every failure into an OpenAI-shaped error: refused requests (<see cref="ApiException"/>), Kestrel's
/// oversized-body rejections (413), unmatched routes (404) and methods (405). Nothing escapes as a 500 with a stack trace.
/// </summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, e);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await ApiErrors.WriteAsync(
                context,
                e.StatusCode,
                tooLarge ? "Request body is larger than the server accepts." : "The HTTP request is malformed.",
                ApiException.InvalidRequest,
                null,
                tooLarge ? "request_too_large" : "bad_request");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Path);
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "The server had an error processing your request.", "server_error", null, null);
            return;
        }

        if (!context.Response.HasStarted && context.Response.ContentLength is null)
        {
            switch (context.Response.StatusCode)
            {
                case StatusCodes.Status404NotFound:
                    await ApiErrors.WriteAsync(context, 404, $"Unknown request URL: {context.Request.Method} {context.Request.Path}.", ApiException.InvalidRequest, null, "unknown_url");
                    break;
                case StatusCodes.Status405MethodNotAllowed:
                    await ApiErrors.WriteAsync(context, 405, $"Method {context.Request.Method} is not allowed for {context.Request.Path}.", ApiException.InvalidRequest, null, "method_not_allowed");
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path);
}
