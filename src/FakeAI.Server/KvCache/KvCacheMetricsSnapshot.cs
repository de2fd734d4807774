namespace FakeAI.Server.KvCache;

/// <summary>
/// The body of <c>GET /kv-cache/metrics</c>: settings, one entry per worker and totals. Rates are fractions in [0, 1]
/// (token-weighted, as vLLM's prefix cache hit rate is).
/// </summary>
internal sealed record KvCacheMetricsSnapshot(
    bool Enabled,
    KvCacheSettingsSnapshot Settings,
    IReadOnlyList<KvWorkerMetrics> Workers,
    KvCacheTotals Totals)
{
    public static KvCacheMetricsSnapshot Disabled(KvCacheOptions options) =>
        new(false, KvCacheSettingsSnapshot.From(options), [], KvCacheTotals.Sum([], 0));

    internal static KvCacheMetricsSnapshot Create(
        KvCacheOptions options, IReadOnlyList<KvWorkerMetrics> workers, int distinctBlocks) =>
        new(true, KvCacheSettingsSnapshot.From(options), workers, KvCacheTotals.Sum(workers, distinctBlocks));
}

internal sealed record KvCacheSettingsSnapshot(
    string Router,
    int BlockSize,
    int Workers,
    int CapacityBlocksPerWorker,
    double OverlapWeight,
    double RouterTemperature,
    double HitSpeedup)
{
    public static KvCacheSettingsSnapshot From(KvCacheOptions o) => new(
        KvRouterPolicyNames.NameOf(o.Router), o.BlockSize, o.Workers, o.CapacityBlocks, o.OverlapWeight,
        o.RouterTemperature, o.HitSpeedup);
}

/// <summary>
/// One worker: RoutedRequests = router decisions that picked it; PinnedBlocks = blocks held by running requests (not
/// evictable); BlocksNotStored = prompt blocks not cached because every block was pinned; UncacheableRequests =
/// prompts with more blocks than the capacity, served without caching.
/// </summary>
internal sealed record KvWorkerMetrics(
    string Worker,
    int UsedBlocks,
    int CapacityBlocks,
    double Usage,
    int PinnedBlocks,
    int RunningRequests,
    long RunningPromptTokens,
    long RoutedRequests,
    long QueryTokens,
    long HitTokens,
    long MissTokens,
    long HitBlocks,
    long MissBlocks,
    double HitRate,
    long RequestsWithHit,
    long Evictions,
    long BlocksNotStored,
    long UncacheableRequests);

/// <summary>
/// All workers: TokenReuseRate = cached prompt tokens / all prompt tokens; BlockHitRate = cached full blocks / all full
/// prompt blocks; DistinctBlocks = distinct block hashes held by at least one worker.
/// </summary>
internal sealed record KvCacheTotals(
    long Requests,
    long QueryTokens,
    long HitTokens,
    double TokenReuseRate,
    long HitBlocks,
    long MissBlocks,
    double BlockHitRate,
    long RequestsWithHit,
    long Evictions,
    long BlocksNotStored,
    long UncacheableRequests,
    long UsedBlocks,
    long CapacityBlocks,
    int DistinctBlocks)
{
    public static KvCacheTotals Sum(IReadOnlyList<KvWorkerMetrics> workers, int distinctBlocks)
    {
        long requests = 0, query = 0, hit = 0, hitBlocks = 0, missBlocks = 0, withHit = 0, evictions = 0;
        long notStored = 0, uncacheable = 0, used = 0, capacity = 0;
        foreach (var w in workers)
        {
            requests += w.RoutedRequests;
            query += w.QueryTokens;
            hit += w.HitTokens;
            hitBlocks += w.HitBlocks;
            missBlocks += w.MissBlocks;
            withHit += w.RequestsWithHit;
            evictions += w.Evictions;
            notStored += w.BlocksNotStored;
            uncacheable += w.UncacheableRequests;
            used += w.UsedBlocks;
            capacity += w.CapacityBlocks;
        }

        return new KvCacheTotals(
            requests, query, hit, query == 0 ? 0 : (double)hit / query, hitBlocks, missBlocks,
            hitBlocks + missBlocks == 0 ? 0 : (double)hitBlocks / (hitBlocks + missBlocks), withHit, evictions,
            notStored, uncacheable, used, capacity, distinctBlocks);
    }
}
