using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvWorkerCacheTests
{
    private readonly KvBlockIndex _index = new(1);

    private bool Holds(ulong hash, int worker) => _index.Find(hash)?.ByWorker[worker] is not null;

    [Fact]
    public void Evicts_the_least_recently_released_unpinned_block_first()
    {
        var cache = new KvWorkerCache(0, 3, _index);
        var a = cache.PinOrAllocate(1, null)!;
        var b = cache.PinOrAllocate(2, null)!;
        var c = cache.PinOrAllocate(3, null)!;
        cache.Unpin(b);
        cache.Unpin(a);
        cache.Unpin(c);

        Assert.NotNull(cache.PinOrAllocate(4, null)); // evicts 2, released first

        Assert.False(Holds(2, 0));
        Assert.True(Holds(1, 0) && Holds(3, 0) && Holds(4, 0));
        Assert.Equal(1, cache.Evictions);
        cache.CheckInvariants();
    }

    [Fact]
    public void A_hit_moves_the_block_to_the_most_recent_end()
    {
        var cache = new KvWorkerCache(0, 2, _index);
        cache.Unpin(cache.PinOrAllocate(1, null)!);
        cache.Unpin(cache.PinOrAllocate(2, null)!);

        cache.Unpin(cache.PinOrAllocate(1, null)!); // hit on 1: now 2 is the oldest
        cache.PinOrAllocate(3, null);

        Assert.True(Holds(1, 0));
        Assert.False(Holds(2, 0));
        cache.CheckInvariants();
    }

    [Fact]
    public void Pinned_blocks_are_never_evicted_and_a_full_pinned_cache_refuses_new_blocks()
    {
        var cache = new KvWorkerCache(0, 2, _index);
        var a = cache.PinOrAllocate(1, null)!;
        cache.PinOrAllocate(1, null); // second request on the same block
        cache.PinOrAllocate(2, null);

        Assert.Null(cache.PinOrAllocate(3, null));

        cache.Unpin(a); // still referenced once
        Assert.Null(cache.PinOrAllocate(3, null));
        cache.Unpin(a);
        Assert.NotNull(cache.PinOrAllocate(3, null));
        Assert.False(Holds(1, 0));
        Assert.Equal(2, cache.UsedBlocks);
        cache.CheckInvariants();
    }
}
