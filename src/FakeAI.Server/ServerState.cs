using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using FakeAI.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server;

/// <summary>Everything the endpoints of one server instance share.</summary>
internal sealed class ServerState(FakeAIServerOptions options, TimeProvider time, TokenScheduler scheduler)
{
    public FakeAIServerOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public TokenScheduler Scheduler { get; } = scheduler;

    public ModelCatalog Catalog { get; } = new(options.StrictModels, options.DefaultContextWindow);

    public ServerMetrics Metrics { get; } = new();

    /// <summary>The KV cache simulation, or null when prompt caching is off.</summary>
    public KvCacheSimulator? KvCache { get; } = options.KvCache.Enabled ? new KvCacheSimulator(options.KvCache) : null;

    /// <summary>Fault injection: decisions and counters (its counters join <see cref="Metrics"/> when the app is built).</summary>
    public Faults.FaultInjector Faults { get; } = new(options.Faults);

    public Vocabulary VocabularyFor(ModelDescriptor model) => Vocabulary.Get(model.Tokenizer ?? Options.Tokenizer);

    /// <summary>The model named by a request, or the 400/404 OpenAI would answer.</summary>
    public ModelDescriptor ResolveModel(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw ApiException.BadRequest("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        if (!Catalog.TryResolve(id, out var model))
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"The model '{id}' does not exist.", ApiException.InvalidRequest, "model", "model_not_found");
        }

        return model;
    }

    public long UnixTimeSeconds() => Time.GetUtcNow().ToUnixTimeSeconds();
}
