using System.Globalization;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Limits;

/// <summary>
/// While the startup delay runs, <c>/health</c> answers 503 with a body saying the server is starting (a Kubernetes
/// readiness probe reads the status, a human the message) and the API routes answer 503 in OpenAI's error shape, both
/// with <c>Retry-After</c>. <c>/metrics</c> keeps answering. Registered only when there is a startup delay, after
/// routing (it decides by the matched endpoint) and before the API key check (a starting server answers nobody).
/// </summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate, LimitsMetrics metrics)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (gate.IsReady(out var remaining))
        {
            return next(context);
        }

        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<ReadinessProbe>() is not null)
        {
            return NotReadyAsync(context, remaining);
        }

        if (metadata?.GetMetadata<ApiKeyRequired>() is not null)
        {
            metrics.Refused(LimitsMetrics.Limit.Starting);
            SetRetryAfter(context, remaining);
            return ApiErrors.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                $"The server is not ready yet: it is starting up and will be ready in {Seconds(remaining)} s.",
                "server_error",
                null,
                null);
        }

        return next(context);
    }

    private static Task NotReadyAsync(HttpContext context, TimeSpan remaining)
    {
        var seconds = Seconds(remaining);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        SetRetryAfter(context, remaining);
        return context.Response.WriteAsync(
            $$"""{"status":"starting","ready":false,"ready_in_seconds":{{seconds}},"message":"Starting up: ready in {{seconds}} s."}""",
            context.RequestAborted);
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan remaining) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan remaining) =>
        Math.Round(remaining.TotalSeconds, 3, MidpointRounding.AwayFromZero).ToString("0.###", CultureInfo.InvariantCulture);
}
