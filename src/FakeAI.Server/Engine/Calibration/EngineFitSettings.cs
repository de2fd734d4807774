namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// What a fit takes as given rather than fitting: the engine's token budget and KV geometry (read from the real server's
/// configuration where it says them), and how hard the optimizer may try.
/// </summary>
internal sealed record EngineFitSettings
{
    public int MaxNumBatchedTokens { get; init; } = 8_192;

    public int BlockSize { get; init; } = 16;

    public int CapacityBlocks { get; init; } = 16_384;

    /// <summary>
    /// Batch limits to try; empty means every sweep concurrency, the midpoints between them, and one past the largest
    /// (a limit between two levels is indistinguishable from any other value there, so these are all a sweep can tell apart).
    /// </summary>
    public IReadOnlyList<int> MaxNumSeqsCandidates { get; init; } = [];

    /// <summary>Simplex iterations per start; the fit restarts once from its best point.</summary>
    public int MaxIterations { get; init; } = 4_000;
}
