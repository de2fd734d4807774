using System.Globalization;
using FakeAI.Server.Http;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using Prometheus;

namespace FakeAI.Server.Engine;

/// <summary>
/// <c>--engine batching</c>: one <see cref="EngineDriver"/> per simulated worker (<c>--kv-workers</c>). The KV cache's
/// router picks a request's worker and says how much of its prompt is cached there; with caching off, workers take
/// requests in turn.
/// </summary>
internal sealed class BatchingEngine : IDisposable
{
    private readonly EngineDriver[] _drivers;
    private readonly EngineOptions _options;
    private int _nextRoundRobin = -1;

    public BatchingEngine(FakeAIServerOptions options, TokenScheduler scheduler, CollectorRegistry registry)
    {
        _options = options.ToEngineOptions();
        ReferencePromptTokens = options.EngineReferencePromptTokens;
        var prometheus = new EnginePrometheus(registry);
        var origin = scheduler.Now;
        _drivers = new EngineDriver[options.KvCache.Workers];
        var names = new string[_drivers.Length];
        for (var i = 0; i < _drivers.Length; i++)
        {
            names[i] = KvCacheSimulator.WorkerNameOf(i);
            _drivers[i] = new EngineDriver(_options, scheduler, origin, prometheus.ForWorker(names[i]));
        }

        WorkerNames = names;
        prometheus.Track(this);
    }

    public IReadOnlyList<EngineDriver> Drivers => _drivers;

    public IReadOnlyList<string> WorkerNames { get; }

    public int ReferencePromptTokens { get; }

    /// <summary>
    /// Refuses (400 <c>context_length_exceeded</c>) a request that could never fit in a worker's KV blocks: only a model
    /// whose context window is larger than the one the capacity was checked against can ask for one.
    /// </summary>
    public void EnsureFits(int promptTokens, int outputTokens, string param)
    {
        var blocks = _options.BlocksFor(Math.Max(1, promptTokens) + (long)outputTokens - 1);
        if (blocks > _options.CapacityBlocks)
        {
            throw ApiException.BadRequest(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"This request needs {blocks} KV blocks of {_options.BlockSize} tokens ({promptTokens} in the prompt, {outputTokens} for the completion), more than a simulated worker's {_options.CapacityBlocks} (--kv-capacity-blocks)."),
                param,
                "context_length_exceeded");
        }
    }

    /// <summary>
    /// Queues a request on <paramref name="workerId"/> (the router's choice; null picks the next worker in turn).
    /// A prompt of no tokens is prefilled as one, as an engine always has at least a start token.
    /// </summary>
    public EngineStream Enqueue(int? workerId, int promptTokens, int cachedPrefixTokens, int outputTokens, long arrival)
    {
        var worker = workerId ?? (int)((uint)Interlocked.Increment(ref _nextRoundRobin) % (uint)_drivers.Length);
        var prompt = Math.Max(1, promptTokens);
        return _drivers[worker].Enqueue(prompt, Math.Clamp(cachedPrefixTokens, 0, prompt), Math.Max(1, outputTokens), arrival);
    }

    /// <summary>The body of <c>GET /engine/metrics</c>.</summary>
    public EngineStateSnapshot Snapshot()
    {
        var workers = new EngineWorkerState[_drivers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = EngineWorkerState.From(WorkerNames[i], _drivers[i].Snapshot(), _drivers[i].Lateness());
        }

        return new EngineStateSnapshot("batching", EngineSettingsSnapshot.From(_options, ReferencePromptTokens), workers);
    }

    public void Dispose()
    {
        foreach (var driver in _drivers)
        {
            driver.Dispose();
        }
    }
}
