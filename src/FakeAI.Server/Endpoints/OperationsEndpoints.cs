using FakeAI.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>GET /health</c> and <c>GET /metrics</c>; neither requires an API key.</summary>
internal sealed class OperationsEndpoints(ServerState state)
{
    public Task HealthAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var running = state.Metrics.RunningRequests.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.Response.WriteAsync(
            $$"""{"status":"healthy","ready":true,"running_requests":{{running}}}""",
            context.RequestAborted);
    }

    public async Task MetricsAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await state.Metrics.Registry.CollectAndExportAsTextAsync(buffer, context.RequestAborted);
        var text = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        VllmNameRewriter.Rewrite(text.Span);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.Body.WriteAsync(text, context.RequestAborted);
    }
}
