namespace FakeAI.Server.KvCache;

/// <summary>
/// One block held by one worker. While running requests reference it (<see cref="RefCount"/> &gt; 0) it is pinned;
/// otherwise it sits in the worker's LRU list (intrusive links, so moving it costs no allocation).
/// Evicted blocks are reused for the next allocation.
/// </summary>
internal sealed class CachedBlock
{
    /// <summary>The index entry of this block's hash (which also lists the other workers holding it).</summary>
    public IndexedBlock Entry { get; set; } = null!;

    public int RefCount { get; set; }

    public CachedBlock? Previous { get; set; }

    public CachedBlock? Next { get; set; }
}
