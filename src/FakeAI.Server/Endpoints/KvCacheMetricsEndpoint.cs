using System.Text.Json;
using FakeAI.Server.KvCache;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>GET /kv-cache/metrics</c>: the KV cache simulation's per-worker state as JSON (no API key needed).</summary>
internal sealed class KvCacheMetricsEndpoint(ServerState state)
{
    public async Task GetAsync(HttpContext context)
    {
        var snapshot = state.KvCache?.Snapshot() ?? KvCacheMetricsSnapshot.Disabled(state.Options.KvCache);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(
            context.Response.Body, snapshot, KvCacheJsonContext.Default.KvCacheMetricsSnapshot, context.RequestAborted);
    }
}
