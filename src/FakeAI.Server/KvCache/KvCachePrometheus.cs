using Prometheus;

namespace FakeAI.Server.KvCache;

/// <summary>
/// vLLM's prefix-cache metrics, one series per simulated worker, refreshed from the simulator's snapshot whenever the
/// registry is scraped (so the request path pays nothing for them). Registered as <c>vllm_*</c>; the exposition
/// rewrites the prefix to <c>vllm:</c>.
/// </summary>
internal static class KvCachePrometheus
{
    /// <param name="registry">The server's registry.</param>
    /// <param name="simulator">The prefix caches.</param>
    /// <param name="withUsage">
    /// False with the batching engine, whose <c>vllm:kv_cache_usage_perc</c> counts the blocks its running sequences
    /// hold (vLLM's meaning) rather than the prefix cache's occupancy.
    /// </param>
    public static void Register(CollectorRegistry registry, KvCacheSimulator simulator, bool withUsage = true)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        string[] worker = ["worker"];
        var queries = factory.CreateCounter("vllm_prefix_cache_queries_total", "Prompt tokens looked up in the prefix cache.", worker);
        var hits = factory.CreateCounter("vllm_prefix_cache_hits_total", "Prompt tokens found in the prefix cache.", worker);
        var usage = withUsage ? factory.CreateGauge("vllm_kv_cache_usage_perc", "Fraction of the worker's KV blocks in use (1 = full).", worker) : null;
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var w in simulator.Snapshot().Workers)
            {
                queries.WithLabels(w.Worker).IncTo(w.QueryTokens);
                hits.WithLabels(w.Worker).IncTo(w.HitTokens);
                usage?.WithLabels(w.Worker).Set(w.Usage);
            }
        });
    }
}
