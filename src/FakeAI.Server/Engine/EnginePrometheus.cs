using Prometheus;

namespace FakeAI.Server.Engine;

/// <summary>
/// vLLM's scheduler metrics, one series per simulated worker (label <c>worker</c>, as the KV cache's): gauges and the
/// preemption counter are refreshed from the workers' snapshots when the registry is scraped; the histograms are
/// observed by the drivers as steps run. Registered as <c>vllm_*</c>; the exposition rewrites the prefix to <c>vllm:</c>.
/// </summary>
internal sealed class EnginePrometheus
{
    // Seconds: from a millisecond step up to the long queues of an overloaded worker.
    private static readonly double[] TimeBuckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0];

    // vLLM's buckets for iteration tokens (its CUDA graph sizes) up to the largest token budget in use.
    private static readonly double[] TokenBuckets = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

    // Seconds: a step on time is late by microseconds; past a millisecond it is visibly off its schedule.
    private static readonly double[] LatenessBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0];

    private readonly Histogram _iterationTokens;
    private readonly Histogram _stepLateness;
    private readonly Histogram _queueTime;
    private readonly Histogram _prefillTime;
    private readonly Histogram _decodeTime;
    private readonly Gauge _running;
    private readonly Gauge _waiting;
    private readonly Gauge _usage;
    private readonly Counter _preemptions;
    private readonly CollectorRegistry _registry;

    public EnginePrometheus(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        string[] worker = ["worker"];
        _running = factory.CreateGauge("vllm_num_requests_running", "Sequences in the worker's batch (prefilling or decoding).", worker);
        _waiting = factory.CreateGauge("vllm_num_requests_waiting", "Requests queued for the worker's batch, preempted ones included.", worker);
        _usage = factory.CreateGauge("vllm_kv_cache_usage_perc", "Fraction of the worker's KV blocks held by running sequences (1 = full).", worker);
        _preemptions = factory.CreateCounter("vllm_num_preemptions_total", "Sequences preempted for KV blocks and queued to recompute.", worker);
        _iterationTokens = factory.CreateHistogram("vllm_iteration_tokens_total", "Tokens per engine step, decode and prefill.", new HistogramConfiguration { LabelNames = worker, Buckets = TokenBuckets });
        _queueTime = factory.CreateHistogram("vllm_request_queue_time_seconds", "Time a request waited before its first step.", new HistogramConfiguration { LabelNames = worker, Buckets = TimeBuckets });
        _prefillTime = factory.CreateHistogram("vllm_request_prefill_time_seconds", "First step to first token.", new HistogramConfiguration { LabelNames = worker, Buckets = TimeBuckets });
        _decodeTime = factory.CreateHistogram("vllm_request_decode_time_seconds", "First token to last token.", new HistogramConfiguration { LabelNames = worker, Buckets = TimeBuckets });
        _stepLateness = factory.CreateHistogram("fakeai_engine_step_lateness_seconds", "How late each engine step started (and its predecessor's tokens were released) against its planned time.", new HistogramConfiguration { LabelNames = worker, Buckets = LatenessBuckets });
        _registry = registry;
    }

    /// <summary>The histograms of the worker named <paramref name="worker"/>, for its driver.</summary>
    public EngineWorkerMetrics ForWorker(string worker) => new(
        _iterationTokens.WithLabels(worker),
        _queueTime.WithLabels(worker),
        _prefillTime.WithLabels(worker),
        _decodeTime.WithLabels(worker),
        _stepLateness.WithLabels(worker));

    /// <summary>Refreshes the gauges and the preemption counter from <paramref name="engine"/> at every scrape.</summary>
    public void Track(BatchingEngine engine) => _registry.AddBeforeCollectCallback(() =>
    {
        for (var i = 0; i < engine.Drivers.Count; i++)
        {
            var name = engine.WorkerNames[i];
            var snapshot = engine.Drivers[i].Snapshot();
            _running.WithLabels(name).Set(snapshot.Running);
            _waiting.WithLabels(name).Set(snapshot.Waiting);
            _usage.WithLabels(name).Set(snapshot.KvUsage);
            _preemptions.WithLabels(name).IncTo(snapshot.PreemptionsTotal);
        }
    });
}
