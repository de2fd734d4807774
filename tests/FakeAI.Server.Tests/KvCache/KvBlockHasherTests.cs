using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvBlockHasherTests
{
    private static ulong[] Chain(int[] tokens, int blockSize)
    {
        var hashes = new ulong[tokens.Length / blockSize];
        Assert.Equal(hashes.Length, KvBlockHasher.ComputeChain(tokens, blockSize, hashes));
        return hashes;
    }

    [Fact]
    public void Equal_prefixes_give_equal_chains_until_the_first_differing_block()
    {
        var a = KvTestPrompts.Unique(1, 64);
        var b = (int[])a.Clone();
        b[40] ^= 1; // inside block 2 of 4

        var chainA = Chain(a, 16);
        var chainB = Chain(b, 16);

        Assert.Equal(chainA[..2], chainB[..2]);
        Assert.NotEqual(chainA[2], chainB[2]);
        // Block 3 has the same tokens in both prompts, but a different parent: its hash must differ too.
        Assert.NotEqual(chainA[3], chainB[3]);
    }

    [Fact]
    public void Same_block_tokens_after_different_prefixes_hash_differently()
    {
        var block = KvTestPrompts.Unique(2, 16);
        var a = KvTestPrompts.Unique(3, 16).Concat(block).ToArray();
        var b = KvTestPrompts.Unique(4, 16).Concat(block).ToArray();

        Assert.NotEqual(Chain(a, 16)[1], Chain(b, 16)[1]);
    }

    [Fact]
    public void Partial_last_block_is_not_hashed_and_does_not_change_the_full_blocks()
    {
        var tokens = KvTestPrompts.Unique(5, 47);

        var chain = Chain(tokens, 16);

        Assert.Equal(2, chain.Length);
        Assert.Equal(Chain(tokens[..32], 16), chain);
        Assert.Empty(Chain(tokens[..15], 16));
    }

    [Fact]
    public void Different_tokens_give_different_hashes_over_many_blocks()
    {
        var seen = new HashSet<ulong>();
        for (var seed = 0; seed < 2_000; seed++)
        {
            Assert.True(seen.Add(Chain(KvTestPrompts.Unique(seed, 4), 4)[0]));
        }
    }

    [Fact]
    public void Destination_too_small_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => KvBlockHasher.ComputeChain(new int[32], 16, new ulong[1]));
    }
}
