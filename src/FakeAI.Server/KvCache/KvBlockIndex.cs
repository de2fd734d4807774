using System.Numerics;
using System.Runtime.InteropServices;

namespace FakeAI.Server.KvCache;

/// <summary>
/// Global index from block hash to the workers holding it and their blocks: the overlap of every worker is found in
/// one walk along the request's hash chain that stops once no worker matches, and the chosen worker's cached blocks
/// come out of that walk without a second lookup. Not thread-safe: the simulator's lock guards it.
/// </summary>
internal sealed class KvBlockIndex(int workers)
{
    private readonly Dictionary<ulong, IndexedBlock> _entries = [];

    // Entries of hashes no worker holds any more, reused so a steady stream of new prompts allocates nothing.
    private readonly Stack<IndexedBlock> _free = new();

    /// <summary>Distinct block hashes held by at least one worker.</summary>
    public int Count => _entries.Count;

    public IEnumerable<IndexedBlock> Entries => _entries.Values;

    public IndexedBlock? Find(ulong hash) => _entries.GetValueOrDefault(hash);

    public void Add(ulong hash, int worker, CachedBlock block)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, hash, out var exists);
        if (!exists)
        {
            entry = _free.TryPop(out var reused) ? reused : new IndexedBlock(workers);
            entry.Hash = hash;
        }

        entry!.Holders |= 1UL << worker;
        entry.ByWorker[worker] = block;
        block.Entry = entry;
    }

    public void Remove(CachedBlock block, int worker)
    {
        var entry = block.Entry;
        entry.ByWorker[worker] = null;
        entry.Holders &= ~(1UL << worker);
        if (entry.Holders == 0)
        {
            _entries.Remove(entry.Hash);
            _free.Push(entry);
        }
    }

    /// <summary>
    /// Writes, for each worker, how many leading blocks of <paramref name="chain"/> it holds (its cached prefix), and
    /// the index entries walked into <paramref name="walked"/>; returns how many entries were walked.
    /// </summary>
    public int FindOverlaps(ReadOnlySpan<ulong> chain, Span<int> overlaps, Span<IndexedBlock?> walked)
    {
        var alive = overlaps.Length == 64 ? ulong.MaxValue : (1UL << overlaps.Length) - 1;
        var i = 0;
        for (; i < chain.Length && alive != 0; i++)
        {
            var entry = _entries.GetValueOrDefault(chain[i]);
            var mask = entry?.Holders ?? 0;
            var dropped = alive & ~mask;
            while (dropped != 0)
            {
                overlaps[BitOperations.TrailingZeroCount(dropped)] = i;
                dropped &= dropped - 1;
            }

            alive &= mask;
            walked[i] = entry;
        }

        while (alive != 0)
        {
            overlaps[BitOperations.TrailingZeroCount(alive)] = i;
            alive &= alive - 1;
        }

        return i;
    }
}
