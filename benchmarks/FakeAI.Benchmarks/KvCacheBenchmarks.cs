using BenchmarkDotNet.Attributes;
using FakeAI.Server.KvCache;

namespace FakeAI.Benchmarks;

/// <summary>
/// Cost of the KV cache simulation per request: hashing a 2,000-token prompt, finding every worker's overlap,
/// routing, pinning and releasing the blocks (4 workers, default capacity, warm cache).
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class KvCacheBenchmarks
{
    private const int PromptTokens = 2_000;
    private const int SharedPrefixTokens = 1_500;
    private const int Suffixes = 8_192;

    private readonly ulong[] _chain = new ulong[PromptTokens / 16];
    private KvCacheSimulator _simulator = null!;
    private int[] _repeated = null!;
    private int[][] _newSuffix = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _simulator = new KvCacheSimulator(new KvCacheOptions(), new Random(1));
        var random = new Random(2);
        int[] Tokens(int count) => Enumerable.Range(0, count).Select(_ => random.Next(200_000)).ToArray();

        var prefix = Tokens(SharedPrefixTokens);
        _repeated = [.. prefix, .. Tokens(PromptTokens - SharedPrefixTokens)];
        _newSuffix = Enumerable.Range(0, Suffixes)
            .Select(_ => (int[])[.. prefix, .. Tokens(PromptTokens - SharedPrefixTokens)])
            .ToArray();

        // Warm: the shared prefix on every worker, the repeated prompt on one, and enough other prompts to fill
        // the caches so that storing new suffixes evicts (the steady state of a long benchmark).
        for (var i = 0; i < 4 * 16_384 / 31 * 2; i++)
        {
            _simulator.Admit(_newSuffix[i % Suffixes]).Dispose();
        }

        _simulator.Admit(_repeated).Dispose();
    }

    [Benchmark(Description = "hash chain only, 2,000 tokens")]
    public int HashChain() => KvBlockHasher.ComputeChain(_repeated, 16, _chain);

    [Benchmark(Description = "admit + release, 2,000 tokens, full hit")]
    public int AdmitRepeatedPrompt()
    {
        using var admission = _simulator.Admit(_repeated);
        return admission.WorkerId;
    }

    [Benchmark(Description = "admit + release, 1,500 shared + 500 new tokens")]
    public int AdmitSharedPrefixNewSuffix()
    {
        using var admission = _simulator.Admit(_newSuffix[_next++ % Suffixes]);
        return admission.WorkerId;
    }
}
