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

    public ServerMetrics Metrics { get; } = new(engineOwnsRunningGauge: options.Engine == EngineMode.Batching);

    /// <summary>The KV cache simulation, or null when prompt caching is off.</summary>
    public KvCacheSimulator? KvCache { get; } = options.KvCache.Enabled ? new KvCacheSimulator(options.KvCache) : null;

    /// <summary>The simulated continuous-batching workers (<c>--engine batching</c>), or null for the delay line.</summary>
    public Engine.BatchingEngine? Engine { get; private set; }

    /// <summary>Starts the batching engine when the options ask for it (once, when the server is built).</summary>
    public void StartEngine()
    {
        if (Options.Engine == EngineMode.Batching)
        {
            Engine = new Engine.BatchingEngine(Options, Scheduler, Metrics.Registry);
        }
    }

    /// <summary>
    /// Rate limits and the concurrency cap (<see cref="Limits.RequestAdmission"/>), or null when both are off: then
    /// the request path pays one null check. Set once while the server is built.
    /// </summary>
    public Limits.RequestAdmission? Admission { get; set; }

    /// <summary>Fault injection: decisions and counters (its counters join <see cref="Metrics"/> when the app is built).</summary>
    public Faults.FaultInjector Faults { get; } = new(options.Faults);

    public Vocabulary VocabularyFor(ModelDescriptor model) => Vocabulary.Get(model.Tokenizer ?? Options.Tokenizer);

    /// <summary>
    /// Longest model id accepted. Any id is a model when models are not strict, and each becomes a metrics label: a
    /// fuzzer's 216 KB ids grew <c>/metrics</c> by 17.5 MB each until it failed.
    /// </summary>
    public const int MaxModelIdLength = 256;

    /// <summary>The model named by a request, or the 400/404 OpenAI would answer.</summary>
    public ModelDescriptor ResolveModel(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw ApiException.BadRequest("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        if (id.Length > MaxModelIdLength)
        {
            throw ApiException.BadRequest(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'model' must be at most {MaxModelIdLength} characters, got {id.Length}."), "model", "invalid_value");
        }

        if (!Catalog.TryResolve(id, out var model))
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"The model '{id}' does not exist.", ApiException.InvalidRequest, "model", "model_not_found");
        }

        return model;
    }

    public long UnixTimeSeconds() => Time.GetUtcNow().ToUnixTimeSeconds();
}
