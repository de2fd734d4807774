namespace FakeAI.Server.Tests.KvCache;

/// <summary>Prompt token sequences for the cache tests.</summary>
internal static class KvTestPrompts
{
    /// <summary>
    /// Tokens for a Mooncake-style list of block hash ids: block i is <paramref name="blockSize"/> copies of a token
    /// derived from hash id i, so prompts share a block exactly when they share the hash id (and, since hash ids are
    /// prefix-consistent in such traces, the whole prefix before it).
    /// </summary>
    public static int[] FromHashIds(IReadOnlyList<int> hashIds, int blockSize, int tailTokens = 0)
    {
        var tokens = new int[(hashIds.Count * blockSize) + tailTokens];
        for (var i = 0; i < hashIds.Count; i++)
        {
            tokens.AsSpan(i * blockSize, blockSize).Fill(hashIds[i] + 1);
        }

        tokens.AsSpan(hashIds.Count * blockSize).Fill(-1);
        return tokens;
    }

    /// <summary>A prompt of <paramref name="length"/> tokens unique to <paramref name="seed"/>.</summary>
    public static int[] Unique(int seed, int length)
    {
        var random = new Random(seed);
        var tokens = new int[length];
        for (var i = 0; i < length; i++)
        {
            tokens[i] = random.Next(200_000);
        }

        return tokens;
    }
}
