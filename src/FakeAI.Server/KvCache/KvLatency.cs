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
        double sampledTtftMs, double prefillPerTokenMs, int promptTokens, int cachedTokens, double hitSpeedup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        var cached = Math.Clamp(cachedTokens, 0, promptTokens);
        var cachedFraction = promptTokens == 0 ? 0.0 : (double)cached / promptTokens;
        var ttft = (sampledTtftMs * (1.0 - (Math.Clamp(hitSpeedup, 0.0, 1.0) * cachedFraction)))
            + (prefillPerTokenMs * (promptTokens - cached));
        return Math.Max(0.0, ttft);
    }
}
