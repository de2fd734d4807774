namespace FakeAI.Server.KvCache;

/// <summary>How cached prompt tokens shorten the time to first token.</summary>
internal static class KvLatency
{
    /// <summary>
    /// TTFT in milliseconds for a request with <paramref name="cachedTokens"/> of <paramref name="promptTokens"/>
    /// served from the cache: the sampled TTFT shrinks by <paramref name="hitSpeedup"/> × the cached fraction, and
    /// per-token prefill is charged for the uncached tokens only.
    /// </summary>
    public static double AdjustTtftMs(
        double sampledTtftMs, double prefillPerTokenMs, int promptTokens, int cachedTokens, double hitSpeedup) =>
        Math.Max(0.0, (sampledTtftMs * TtftScale(promptTokens, cachedTokens, hitSpeedup))
            + UncachedPrefillMs(prefillPerTokenMs, promptTokens, cachedTokens));

    /// <summary>Factor applied to the sampled TTFT: 1 − hit speedup × cached fraction.</summary>
    public static double TtftScale(int promptTokens, int cachedTokens, double hitSpeedup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        var cachedFraction = promptTokens == 0 ? 0.0 : (double)Math.Clamp(cachedTokens, 0, promptTokens) / promptTokens;
        return 1.0 - (Math.Clamp(hitSpeedup, 0.0, 1.0) * cachedFraction);
    }

    /// <summary>Prefill time of the prompt tokens that are not cached.</summary>
    public static double UncachedPrefillMs(double prefillPerTokenMs, int promptTokens, int cachedTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        return prefillPerTokenMs * (promptTokens - Math.Clamp(cachedTokens, 0, promptTokens));
    }
}
