namespace FakeAI.Server.KvCache;

/// <summary>A block hash and the workers holding it: a bit mask for the overlap walk, the blocks for pinning.</summary>
internal sealed class IndexedBlock(int workers)
{
    public ulong Hash { get; set; }

    /// <summary>Bit w set when worker w holds the block.</summary>
    public ulong Holders { get; set; }

    public CachedBlock?[] ByWorker { get; } = new CachedBlock?[workers];
}
