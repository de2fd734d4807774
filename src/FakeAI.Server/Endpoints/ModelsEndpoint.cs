using System.Text.Json;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Models;
using FakeAI.Server.Catalog;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> (ids may contain <c>/</c>).</summary>
internal sealed class ModelsEndpoint(ServerState state)
{
    /// <summary>A fixed creation time, so responses are reproducible.</summary>
    private const long CreatedUnixSeconds = 1_735_689_600;

    public static Task ListAsync(HttpContext context)
    {
        var body = new ModelList { Data = [.. ModelCatalog.All.Select(ToInfo)] };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ProtocolJsonContext.Default.ModelList, context.RequestAborted);
    }

    public Task GetAsync(HttpContext context)
    {
        // Kestrel leaves %2F encoded in paths; SDKs escape the '/' of ids such as "meta-llama/Llama-3.1-8B-Instruct".
        var id = context.Request.RouteValues["id"] is string raw ? Uri.UnescapeDataString(raw) : null;
        var model = state.ResolveModel(id);
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, ToInfo(model), ProtocolJsonContext.Default.ModelInfo, context.RequestAborted);
    }

    private static ModelInfo ToInfo(ModelDescriptor model) => new()
    {
        Id = model.Id,
        Created = CreatedUnixSeconds,
        OwnedBy = model.OwnedBy,
        ContextWindow = model.ContextWindow,
        MaxModelLen = model.ContextWindow,
    };
}
