namespace FakeAI.Server.KvCache;

/// <summary>
/// The blocks one simulated worker holds, at most <see cref="Capacity"/>, with LRU eviction of blocks that no running
/// request uses, plus the worker's counters. Not thread-safe: the simulator's lock guards it.
/// </summary>
internal sealed class KvWorkerCache(int id, int capacity, KvBlockIndex index)
{
    // Least recently released at the head (evicted first), most recently released at the tail.
    private CachedBlock? _lruHead;
    private CachedBlock? _lruTail;

    public int Id { get; } = id;

    public int Capacity { get; } = capacity;

    public int UsedBlocks { get; private set; }

    public int PinnedBlocks { get; private set; }

    public long RoutedRequests { get; set; }

    public int RunningRequests { get; set; }

    public long RunningPromptTokens { get; set; }

    public long QueryTokens { get; set; }

    public long HitTokens { get; set; }

    public long HitBlocks { get; set; }

    public long MissBlocks { get; set; }

    public long RequestsWithHit { get; set; }

    public long Evictions { get; private set; }

    public long BlocksNotStored { get; set; }

    public long UncacheableRequests { get; set; }

    /// <summary>
    /// Pins this worker's block of <paramref name="entry"/>, or stores the block with <paramref name="hash"/>
    /// (evicting the least recently used unpinned block when full).
    /// </summary>
    /// <param name="hash">The block's chained hash.</param>
    /// <param name="entry">The index entry of <paramref name="hash"/> if the caller already looked it up, else null.</param>
    /// <returns>The pinned block, or null when the worker is full of pinned blocks.</returns>
    public CachedBlock? PinOrAllocate(ulong hash, IndexedBlock? entry)
    {
        // A hint from before this request's evictions may have been recycled for another hash: trust it only if it matches.
        entry = entry is not null && entry.Hash == hash ? entry : index.Find(hash);
        if (entry?.ByWorker[Id] is { } existing)
        {
            Pin(existing);
            return existing;
        }

        CachedBlock block;
        if (UsedBlocks < Capacity)
        {
            block = new CachedBlock();
            UsedBlocks++;
        }
        else if (_lruHead is { } victim)
        {
            Unlink(victim);
            index.Remove(victim, Id);
            Evictions++;
            block = victim;
        }
        else
        {
            return null;
        }

        block.RefCount = 1;
        PinnedBlocks++;
        index.Add(hash, Id, block);
        return block;
    }

    /// <summary>Pins a block the caller knows this worker holds.</summary>
    public void Pin(CachedBlock block)
    {
        if (block.RefCount++ == 0)
        {
            PinnedBlocks++;
            Unlink(block);
        }
    }

    public void Unpin(CachedBlock block)
    {
        if (--block.RefCount == 0)
        {
            PinnedBlocks--;
            Append(block);
        }
    }

    /// <summary>Throws when the bookkeeping is inconsistent; used by the property tests.</summary>
    public void CheckInvariants()
    {
        if (UsedBlocks > Capacity)
        {
            throw new InvalidOperationException($"worker {Id} holds {UsedBlocks} blocks, capacity {Capacity}");
        }

        var unpinned = 0;
        for (var b = _lruHead; b is not null; b = b.Next)
        {
            if (b.RefCount != 0 || !ReferenceEquals(b.Entry.ByWorker[Id], b))
            {
                throw new InvalidOperationException($"worker {Id}: LRU list holds a pinned or unindexed block");
            }

            unpinned++;
        }

        int held = 0, pinned = 0;
        foreach (var entry in index.Entries)
        {
            var block = entry.ByWorker[Id];
            if ((block is not null) != ((entry.Holders & (1UL << Id)) != 0) || (block is not null && !ReferenceEquals(block.Entry, entry)))
            {
                throw new InvalidOperationException($"worker {Id}: index entry and holder mask disagree");
            }

            held += block is null ? 0 : 1;
            pinned += block is { RefCount: > 0 } ? 1 : 0;
        }

        if (held != UsedBlocks || pinned != PinnedBlocks || pinned + unpinned != held)
        {
            throw new InvalidOperationException(
                $"worker {Id}: {held} indexed (counted {UsedBlocks}), {pinned} pinned (counted {PinnedBlocks}), {unpinned} in LRU");
        }
    }
    private void Append(CachedBlock block)
    {
        block.Previous = _lruTail;
        block.Next = null;
        if (_lruTail is null)
        {
            _lruHead = block;
        }
        else
        {
            _lruTail.Next = block;
        }

        _lruTail = block;
    }

    private void Unlink(CachedBlock block)
    {
        if (block.Previous is null)
        {
            _lruHead = block.Next;
        }
        else
        {
            block.Previous.Next = block.Next;
        }

        if (block.Next is null)
        {
            _lruTail = block.Previous;
        }
        else
        {
            block.Next.Previous = block.Previous;
        }

        block.Previous = null;
        block.Next = null;
    }
}
