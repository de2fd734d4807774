using System.Text.Json;
using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvCacheSimulatorTests
{
    private static KvCacheSimulator Create(
        int workers = 1, int capacity = 1_000, KvRouterPolicy router = KvRouterPolicy.Kv, double weight = 1.0, int seed = 1) =>
        new(new KvCacheOptions { Workers = workers, CapacityBlocks = capacity, Router = router, OverlapWeight = weight },
            new Random(seed));

    [Fact]
    public void A_repeated_prompt_hits_its_full_blocks_only()
    {
        var sim = Create();
        var prompt = KvTestPrompts.Unique(1, 100);

        using (var first = sim.Admit(prompt))
        {
            Assert.Equal(0, first.CachedTokens);
            Assert.Equal(100, first.PrefillTokens);
        }

        using var second = sim.Admit(prompt);
        Assert.Equal(96, second.CachedTokens);
        Assert.Equal(4, second.PrefillTokens);
        var worker = sim.Snapshot().Workers[0];
        Assert.Equal((200, 96, 6, 6), (worker.QueryTokens, worker.HitTokens, worker.HitBlocks, worker.MissBlocks));
        Assert.Equal(0.48, worker.HitRate, 6);
    }

    [Fact]
    public void A_prompt_sharing_a_prefix_hits_the_shared_blocks()
    {
        var sim = Create();
        var system = KvTestPrompts.Unique(1, 64);
        sim.Admit([.. system, .. KvTestPrompts.Unique(2, 40)]).Dispose();

        using var other = sim.Admit([.. system, .. KvTestPrompts.Unique(3, 40)]);

        Assert.Equal(64, other.CachedTokens);
    }

    [Fact]
    public void Blocks_are_stored_at_admission_so_a_concurrent_identical_prompt_hits()
    {
        var sim = Create();
        var prompt = KvTestPrompts.Unique(1, 64);

        using var running = sim.Admit(prompt);
        using var concurrent = sim.Admit(prompt);

        Assert.Equal(64, concurrent.CachedTokens);
        Assert.Equal(4, sim.Snapshot().Workers[0].PinnedBlocks);
    }

    [Fact]
    public void Releasing_twice_releases_once()
    {
        var sim = Create();
        var admission = sim.Admit(KvTestPrompts.Unique(1, 64));
        using var other = sim.Admit(KvTestPrompts.Unique(2, 64));

        admission.Dispose();
        admission.Dispose();

        var worker = sim.Snapshot().Workers[0];
        Assert.Equal(1, worker.RunningRequests);
        Assert.Equal(64, worker.RunningPromptTokens);
        Assert.Equal(4, worker.PinnedBlocks);
        sim.CheckInvariants();
    }

    [Fact]
    public async Task A_cancelled_request_releases_its_lease()
    {
        var sim = Create();
        using var cts = new CancellationTokenSource();

        async Task ServeAsync(CancellationToken ct)
        {
            using var admission = sim.Admit(KvTestPrompts.Unique(1, 160));
            await Task.Delay(Timeout.Infinite, ct);
        }

        var request = ServeAsync(cts.Token);
        Assert.Equal(1, sim.Snapshot().Workers[0].RunningRequests);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var worker = sim.Snapshot().Workers[0];
        Assert.Equal((0, 0L, 0), (worker.RunningRequests, worker.RunningPromptTokens, worker.PinnedBlocks));
        Assert.Equal(10, worker.UsedBlocks); // released blocks stay cached
    }

    [Fact]
    public void A_prompt_longer_than_the_capacity_is_served_uncached_and_counted()
    {
        var sim = Create(capacity: 4);
        var prompt = KvTestPrompts.Unique(1, 100);

        using (var first = sim.Admit(prompt))
        {
            Assert.False(first.Cacheable);
            Assert.Equal(0, first.CachedTokens);
        }

        using var second = sim.Admit(prompt);
        Assert.Equal(0, second.CachedTokens);
        var totals = sim.Snapshot().Totals;
        Assert.Equal((2L, 0L, 0L), (totals.UncacheableRequests, totals.UsedBlocks, totals.HitTokens));
    }

    [Fact]
    public void A_worker_full_of_pinned_blocks_serves_without_storing_and_counts_it()
    {
        var sim = Create(capacity: 6);
        using var running = sim.Admit(KvTestPrompts.Unique(1, 64)); // 4 blocks pinned

        using var second = sim.Admit(KvTestPrompts.Unique(2, 64)); // room for 2 of its 4 blocks

        var worker = sim.Snapshot().Workers[0];
        Assert.Equal((6, 6, 2L, 0L), (worker.UsedBlocks, worker.PinnedBlocks, worker.BlocksNotStored, worker.Evictions));
        sim.CheckInvariants();
    }

    [Fact]
    public void Kv_router_sends_a_repeated_prompt_to_the_worker_holding_it()
    {
        var sim = Create(workers: 4);
        var prompt = KvTestPrompts.Unique(1, 320);
        int home;
        using (var first = sim.Admit(prompt))
        {
            home = first.WorkerId;
        }

        for (var i = 0; i < 5; i++)
        {
            using var again = sim.Admit(prompt);
            Assert.Equal(home, again.WorkerId);
            Assert.Equal(320, again.CachedTokens);
        }

        Assert.Equal(6, sim.Snapshot().Workers[home].RoutedRequests);
    }

    [Theory]
    [InlineData(2.0, true)] // prefill is dear: share the busy worker's cache
    [InlineData(0.5, false)] // load is dear: go to the idle worker and prefill again
    public void Overlap_weight_trades_cache_reuse_against_load(double weight, bool expectSameWorker)
    {
        var sim = Create(workers: 2, weight: weight);
        var prompt = KvTestPrompts.Unique(1, 160);
        using var running = sim.Admit(prompt);

        using var next = sim.Admit(prompt);

        Assert.Equal(expectSameWorker, next.WorkerId == running.WorkerId);
    }

    [Fact]
    public void Round_robin_cycles_and_least_loaded_takes_the_idle_worker()
    {
        var roundRobin = Create(workers: 3, router: KvRouterPolicy.RoundRobin);
        var prompt = KvTestPrompts.Unique(1, 32);
        var order = Enumerable.Range(0, 6).Select(_ =>
        {
            using var a = roundRobin.Admit(prompt);
            return a.WorkerId;
        }).ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2], order);

        var leastLoaded = Create(workers: 3, router: KvRouterPolicy.LeastLoaded);
        using var a = leastLoaded.Admit(KvTestPrompts.Unique(2, 100));
        using var b = leastLoaded.Admit(KvTestPrompts.Unique(3, 10));
        using var c = leastLoaded.Admit(KvTestPrompts.Unique(4, 1));
        Assert.Equal(3, new[] { a.WorkerId, b.WorkerId, c.WorkerId }.Distinct().Count());
        b.Dispose();
        using var d = leastLoaded.Admit(KvTestPrompts.Unique(5, 50));
        Assert.Equal(b.WorkerId, d.WorkerId);
    }

    [Fact]
    public void Random_workload_never_exceeds_capacity_and_keeps_the_bookkeeping_consistent()
    {
        var random = new Random(2024);
        var sim = Create(workers: 3, capacity: 24, seed: 5);
        var prefixes = Enumerable.Range(0, 8).Select(i => KvTestPrompts.Unique(100 + i, random.Next(0, 120))).ToArray();
        var running = new List<KvAdmission>();
        for (var step = 0; step < 3_000; step++)
        {
            if (running.Count > 0 && (random.Next(3) == 0 || running.Count > 6))
            {
                var index = random.Next(running.Count);
                running[index].Dispose();
                running.RemoveAt(index);
            }
            else
            {
                int[] prompt = [.. prefixes[random.Next(prefixes.Length)], .. KvTestPrompts.Unique(step, random.Next(0, 300))];
                var admission = sim.Admit(prompt);
                Assert.InRange(admission.CachedTokens, 0, prompt.Length);
                Assert.Equal(0, admission.CachedTokens % 16);
                running.Add(admission);
            }

            sim.CheckInvariants();
            Assert.All(sim.Snapshot().Workers, w => Assert.InRange(w.UsedBlocks, 0, w.CapacityBlocks));
        }

        running.ForEach(a => a.Dispose());
        var snapshot = sim.Snapshot();
        Assert.All(snapshot.Workers, w => Assert.Equal((0, 0, 0L), (w.RunningRequests, w.PinnedBlocks, w.RunningPromptTokens)));
        Assert.True(snapshot.Totals.Evictions > 0, "the workload should have forced evictions");
        Assert.True(snapshot.Totals.HitTokens > 0, "shared prefixes should have hit");
        Assert.True(snapshot.Totals.UncacheableRequests > 0, "long prompts should exceed the 24-block capacity");
    }

    [Fact]
    public void Parallel_admissions_keep_the_bookkeeping_consistent()
    {
        var sim = Create(workers: 4, capacity: 64);
        var prefixes = Enumerable.Range(0, 4).Select(i => KvTestPrompts.Unique(i, 96)).ToArray();

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var admission = sim.Admit([.. prefixes[i % 4], .. KvTestPrompts.Unique(i, 40)]);
        });

        sim.CheckInvariants();
        var totals = sim.Snapshot().Totals;
        Assert.Equal(4_000, totals.Requests);
        Assert.True(totals.HitTokens >= 96L * (4_000 - 400), $"hit tokens {totals.HitTokens}");
        Assert.All(sim.Snapshot().Workers, w => Assert.Equal(0, w.PinnedBlocks));
    }

    [Fact]
    public void Snapshot_serialises_to_snake_case_json()
    {
        var sim = Create(workers: 2);
        sim.Admit(KvTestPrompts.Unique(1, 40)).Dispose();

        var json = JsonSerializer.Serialize(sim.Snapshot(), KvCacheJsonContext.Default.KvCacheMetricsSnapshot);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("enabled").GetBoolean());
        Assert.Equal("kv", root.GetProperty("settings").GetProperty("router").GetString());
        Assert.Equal(2, root.GetProperty("workers").GetArrayLength());
        var worker = root.GetProperty("workers")[0];
        foreach (var name in new[] { "worker", "used_blocks", "capacity_blocks", "hit_rate", "evictions", "running_requests", "routed_requests", "hit_tokens", "miss_blocks" })
        {
            Assert.True(worker.TryGetProperty(name, out _), name);
        }

        Assert.Equal(1, root.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(40, root.GetProperty("totals").GetProperty("query_tokens").GetInt64());
    }

    [Fact]
    public void Invalid_options_are_rejected_with_every_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KvCacheSimulator(new KvCacheOptions { BlockSize = 0, Workers = 0 }));
        Assert.Contains("block size", ex.Message, StringComparison.Ordinal);
        Assert.Contains("workers", ex.Message, StringComparison.Ordinal);
    }
}
