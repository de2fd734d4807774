using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

/// <summary>Replays Mooncake-style traces of block hash ids and compares with hit rates computed offline.</summary>
public sealed class KvTraceReplayTests
{
    private const int BlockSize = 16;

    // Prefix-consistent hash ids, as in Mooncake traces: a shared id implies a shared prefix up to it.
    private static readonly int[][] Trace =
    [
        [1, 2, 3],
        [1, 2, 4, 5],
        [6, 7],
        [1, 2, 3, 8, 9],
        [6, 10],
        [1, 11],
        [1, 2, 4, 5, 12],
        [13],
        [6, 7, 14],
        [1, 2, 3, 8, 9, 15],
    ];

    private static readonly int[] TailTokens = [5, 0, 11, 3, 0, 7, 1, 0, 9, 2];

    [Fact]
    public void Single_worker_with_ample_capacity_matches_the_offline_hit_rate()
    {
        // Offline: a block hits when every id up to it has been seen before.
        var seen = new HashSet<int>();
        long offlineHit = 0, offlinePrompt = 0;
        for (var r = 0; r < Trace.Length; r++)
        {
            offlineHit += Trace[r].TakeWhile(seen.Contains).Count() * BlockSize;
            offlinePrompt += (Trace[r].Length * BlockSize) + TailTokens[r];
            seen.UnionWith(Trace[r]);
        }

        var sim = new KvCacheSimulator(new KvCacheOptions { Workers = 1, CapacityBlocks = 1_000 }, new Random(1));
        long measuredHit = 0;
        for (var r = 0; r < Trace.Length; r++)
        {
            using var admission = sim.Admit(KvTestPrompts.FromHashIds(Trace[r], BlockSize, TailTokens[r]));
            measuredHit += admission.CachedTokens;
        }

        var totals = sim.Snapshot().Totals;
        Assert.Equal(offlineHit, measuredHit);
        Assert.Equal(offlinePrompt, totals.QueryTokens);
        Assert.Equal((double)offlineHit / offlinePrompt, totals.TokenReuseRate, 12);
        Assert.True(offlineHit > 0);
    }

    [Fact]
    public void Lru_eviction_lowers_the_hit_rate_once_the_working_set_exceeds_capacity()
    {
        // 6 distinct 8-block prompts (48 blocks) requested round after round.
        var prompts = Enumerable.Range(0, 6)
            .Select(p => KvTestPrompts.FromHashIds(Enumerable.Range(p * 100, 8).ToArray(), BlockSize))
            .ToArray();

        double HitRate(int capacity)
        {
            var sim = new KvCacheSimulator(new KvCacheOptions { Workers = 1, CapacityBlocks = capacity }, new Random(1));
            for (var round = 0; round < 5; round++)
            {
                foreach (var prompt in prompts)
                {
                    sim.Admit(prompt).Dispose();
                }
            }

            return sim.Snapshot().Totals.TokenReuseRate;
        }

        var ample = HitRate(48);
        var tight = HitRate(40);

        Assert.Equal(4.0 / 5, ample, 12); // only the first round misses
        Assert.True(tight < ample / 2, $"hit rate with 40 blocks {tight}, with 48 blocks {ample}");
    }
}
