using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FakeAI.Server.KvCache;

/// <summary>
/// Global index from block hash to the set of workers holding it (one bit per worker), so the overlap of every
/// worker is found in a single walk along the request's hash chain that stops once no worker matches.
/// Not thread-safe: the simulator's lock guards it.
/// </summary>
internal sealed class KvBlockIndex
{
    private readonly Dictionary<ulong, ulong> _holders = [];

    /// <summary>Distinct block hashes held by at least one worker.</summary>
    public int Count => _holders.Count;

    public void Add(ulong hash, int worker) =>
        CollectionsMarshal.GetValueRefOrAddDefault(_holders, hash, out _) |= 1UL << worker;

    public void Remove(ulong hash, int worker)
    {
        ref var mask = ref CollectionsMarshal.GetValueRefOrNullRef(_holders, hash);
        if (Unsafe.IsNullRef(ref mask))
        {
            return;
        }

        mask &= ~(1UL << worker);
        if (mask == 0)
        {
            _holders.Remove(hash);
        }
    }

    public bool Holds(ulong hash, int worker) =>
        _holders.TryGetValue(hash, out var mask) && (mask & (1UL << worker)) != 0;

    /// <summary>
    /// Writes, for each worker, how many leading blocks of <paramref name="chain"/> it holds (its cached prefix).
    /// </summary>
    public void FindOverlaps(ReadOnlySpan<ulong> chain, Span<int> overlaps)
    {
        var workers = overlaps.Length;
        var alive = workers == 64 ? ulong.MaxValue : (1UL << workers) - 1;
        var i = 0;
        for (; i < chain.Length && alive != 0; i++)
        {
            _holders.TryGetValue(chain[i], out var mask);
            var dropped = alive & ~mask;
            while (dropped != 0)
            {
                overlaps[BitOperations.TrailingZeroCount(dropped)] = i;
                dropped &= dropped - 1;
            }

            alive &= mask;
        }

        while (alive != 0)
        {
            overlaps[BitOperations.TrailingZeroCount(alive)] = i;
            alive &= alive - 1;
        }
    }
}
