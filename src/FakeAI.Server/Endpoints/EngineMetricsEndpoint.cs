using System.Text.Json;
using FakeAI.Server.Engine;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>GET /engine/metrics</c>: each simulated worker's queue, batch and KV state as JSON (no API key needed).</summary>
internal sealed class EngineMetricsEndpoint(ServerState state)
{
    public async Task GetAsync(HttpContext context)
    {
        var snapshot = state.Engine?.Snapshot() ?? EngineStateSnapshot.Delay;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(
            context.Response.Body, snapshot, EngineJsonContext.Default.EngineStateSnapshot, context.RequestAborted);
    }
}
