namespace FakeAI.Server.KvCache;

/// <summary>
/// The blocks one simulated worker holds, at most <see cref="Capacity"/>, with LRU eviction of blocks that no running
/// request uses, plus the worker's counters. Not thread-safe: the simulator's lock guards it.
/// </summary>
internal sealed class KvWorkerCache(int id, int capacity, KvBlockIndex index)
{
    private readonly Dictionary<ulong, CachedBlock> _blocks = new(Math.Min(capacity, 4096));

    // Least recently released at the head (evicted first), most recently released at the tail.
    private CachedBlock? _lruHead;
    private CachedBlock? _lruTail;

    public int Id { get; } = id;

    public int Capacity { get; } = capacity;

    public int UsedBlocks => _blocks.Count;

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

    /// <summary>Pins the block with <paramref name="hash"/>, allocating it (evicting the LRU unpinned block if full).</summary>
    /// <returns>The pinned block, or null when the worker is full of pinned blocks.</returns>
    public CachedBlock? PinOrAllocate(ulong hash)
    {
        if (_blocks.TryGetValue(hash, out var existing))
        {
            Pin(existing);
            return existing;
        }

        CachedBlock block;
        if (_blocks.Count < Capacity)
        {
            block = new CachedBlock();
        }
        else if (_lruHead is { } victim)
        {
            Unlink(victim);
            _blocks.Remove(victim.Hash);
            index.Remove(victim.Hash, Id);
            Evictions++;
            block = victim;
        }
        else
        {
            return null;
        }

        block.Hash = hash;
        block.RefCount = 1;
        PinnedBlocks++;
        _blocks.Add(hash, block);
        index.Add(hash, Id);
        return block;
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
        if (_blocks.Count > Capacity)
        {
            throw new InvalidOperationException($"worker {Id} holds {_blocks.Count} blocks, capacity {Capacity}");
        }

        var unpinned = 0;
        for (var b = _lruHead; b is not null; b = b.Next)
        {
            if (b.RefCount != 0 || !_blocks.TryGetValue(b.Hash, out var held) || !ReferenceEquals(held, b))
            {
                throw new InvalidOperationException($"worker {Id}: LRU list holds a pinned or unknown block");
            }

            unpinned++;
        }

        var pinned = 0;
        foreach (var (hash, block) in _blocks)
        {
            if (!index.Holds(hash, Id))
            {
                throw new InvalidOperationException($"worker {Id}: block missing from the global index");
            }

            pinned += block.RefCount > 0 ? 1 : 0;
        }

        if (pinned != PinnedBlocks || pinned + unpinned != _blocks.Count)
        {
            throw new InvalidOperationException(
                $"worker {Id}: {pinned} pinned (counted {PinnedBlocks}) + {unpinned} in LRU != {_blocks.Count} held");
        }
    }

    private void Pin(CachedBlock block)
    {
        if (block.RefCount++ == 0)
        {
            PinnedBlocks++;
            Unlink(block);
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
