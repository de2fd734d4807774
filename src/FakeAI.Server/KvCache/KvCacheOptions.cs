using System.Globalization;

namespace FakeAI.Server.KvCache;

/// <summary>
/// Settings of the simulated prefix (KV) cache and router. Defaults follow vLLM and NVIDIA Dynamo; every value is
/// checked by <see cref="Validate"/>, which reports all problems at once.
/// </summary>
public sealed class KvCacheOptions
{
    /// <summary>The most workers the simulation supports: the block index keeps one bit per worker in a 64-bit mask.</summary>
    public const int MaxWorkers = 64;

    /// <summary>Whether the simulation runs at all (<c>--no-kv-cache</c>, <c>FAKEAI_ENABLE_PROMPT_CACHING=false</c>). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens per KV block (vLLM's default block size). Default 16. Only full blocks are cached.</summary>
    public int BlockSize { get; set; } = 16;

    /// <summary>Simulated engine workers, each with its own cache. Default 4, at most <see cref="MaxWorkers"/>.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Blocks each worker can hold. Default 16,384 blocks (262,144 tokens at block size 16): the order of an 8B model's
    /// KV space on one 80 GB GPU (~400k tokens), enough for any 128k/256k-token context, and small enough that a long
    /// benchmark with unique prompts stays bounded (176 bytes of bookkeeping per block measured, about 11 MB for the
    /// default 4 workers) instead of growing forever as the original FakeAI's trie did.
    /// </summary>
    public int CapacityBlocks { get; set; } = 16_384;

    /// <summary>Routing policy. Default <see cref="KvRouterPolicy.Kv"/>.</summary>
    public KvRouterPolicy Router { get; set; } = KvRouterPolicy.Kv;

    /// <summary>Weight of the prefill blocks against the load blocks in the KV router's cost (Dynamo's default 1; 0 = pure load balancing).</summary>
    public double OverlapWeight { get; set; } = 1.0;

    /// <summary>Softmax temperature of the KV router; 0 (default) always takes the cheapest worker.</summary>
    public double RouterTemperature { get; set; }

    /// <summary>Fraction of the sampled TTFT saved when the whole prompt is cached (scaled by the cached fraction). Default 0.8.</summary>
    public double HitSpeedup { get; set; } = 0.8;

    /// <summary>Every problem with the settings, empty when they are usable.</summary>
    /// <param name="largestContextWindowTokens">
    /// The largest prompt the server accepts (the biggest model context window), when known: a worker must be able to
    /// hold one such request, or long prompts could never be cached.
    /// </param>
    public IReadOnlyList<string> Validate(int? largestContextWindowTokens = null)
    {
        var errors = new List<string>();
        if (BlockSize <= 0)
        {
            errors.Add(Invariant($"kv block size must be at least 1 token (got {BlockSize})"));
        }

        if (Workers <= 0 || Workers > MaxWorkers)
        {
            errors.Add(Invariant($"kv workers must be between 1 and {MaxWorkers} (got {Workers})"));
        }

        if (CapacityBlocks < 1)
        {
            errors.Add(Invariant($"kv capacity must be at least 1 block per worker (got {CapacityBlocks})"));
        }
        else if (BlockSize > 0 && largestContextWindowTokens is int window && window > 0)
        {
            var needed = (window + BlockSize - 1) / BlockSize;
            if (CapacityBlocks < needed)
            {
                errors.Add(Invariant(
                    $"kv capacity of {CapacityBlocks} blocks per worker is smaller than one request of the largest context window ({window} tokens = {needed} blocks of {BlockSize}); raise the capacity or lower the default context window"));
            }
        }

        if (!Enum.IsDefined(Router))
        {
            errors.Add(Invariant($"unknown router '{Router}' (expected one of: {string.Join(", ", KvRouterPolicyNames.All)})"));
        }

        if (!double.IsFinite(OverlapWeight) || OverlapWeight < 0)
        {
            errors.Add(Invariant($"kv overlap weight must be a finite number >= 0 (got {OverlapWeight})"));
        }

        if (!double.IsFinite(RouterTemperature) || RouterTemperature < 0)
        {
            errors.Add(Invariant($"router temperature must be a finite number >= 0 (got {RouterTemperature})"));
        }

        if (!double.IsFinite(HitSpeedup) || HitSpeedup < 0 || HitSpeedup > 1)
        {
            errors.Add(Invariant($"kv hit speedup must be between 0 and 1 (got {HitSpeedup})"));
        }

        return errors;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
