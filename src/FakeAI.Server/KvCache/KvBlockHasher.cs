using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace FakeAI.Server.KvCache;

/// <summary>
/// Chained block hashes as vLLM and Dynamo compute them: block i's hash covers its tokens and block i−1's hash, so two
/// prompts share block hash i exactly when they share their first (i+1)·blockSize tokens. A trailing partial block
/// gets no hash (engines only cache full blocks).
/// </summary>
internal static class KvBlockHasher
{
    /// <summary>Parent of the first block; any fixed value works, it only has to be the same for every prompt.</summary>
    private const long RootSeed = unchecked((long)0x9E37_79B9_7F4A_7C15);

    /// <summary>Number of full blocks in a prompt of <paramref name="tokenCount"/> tokens.</summary>
    public static int FullBlocks(int tokenCount, int blockSize) => tokenCount / blockSize;

    /// <summary>Writes the hash of every full block of <paramref name="tokens"/>; returns how many were written.</summary>
    public static int ComputeChain(ReadOnlySpan<int> tokens, int blockSize, Span<ulong> destination)
    {
        var blocks = FullBlocks(tokens.Length, blockSize);
        if (destination.Length < blocks)
        {
            throw new ArgumentException($"Destination holds {destination.Length} hashes; {blocks} are needed.", nameof(destination));
        }

        var parent = RootSeed;
        for (var i = 0; i < blocks; i++)
        {
            // XxHash3 seeded with the parent hash: one pass over the block's bytes, no copying to prepend the parent.
            var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tokens.Slice(i * blockSize, blockSize)), parent);
            destination[i] = hash;
            parent = unchecked((long)hash);
        }

        return blocks;
    }
}
