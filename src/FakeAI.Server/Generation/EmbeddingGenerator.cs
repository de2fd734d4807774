using System.Runtime.InteropServices;
using System.Text;

namespace FakeAI.Server.Generation;

/// <summary>
/// Deterministic unit-length embeddings: the input's bytes seed a PRNG whose Gaussian draws form the vector, which is then
/// L2-normalised. Same input and size → same vector, on every platform.
/// </summary>
internal static class EmbeddingGenerator
{
    public static float[] FromText(string text, int dimensions) => Generate(Fnv1a(Encoding.UTF8.GetBytes(text)), dimensions);

    public static float[] FromTokens(IReadOnlyList<int> tokenIds, int dimensions) =>
        Generate(Fnv1a(MemoryMarshal.AsBytes(tokenIds.ToArray().AsSpan())) ^ 0x5bd1e995UL, dimensions);

    private static float[] Generate(ulong seed, int dimensions)
    {
        var rng = new SplitMix64(seed);
        var values = new float[dimensions];
        var sumOfSquares = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            // Box–Muller: a standard normal draw from two uniforms (1 − u keeps the logarithm finite).
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var value = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            values[i] = (float)value;
            sumOfSquares += value * value;
        }

        var scale = (float)(1.0 / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < dimensions; i++)
        {
            values[i] *= scale;
        }

        return values;
    }

    internal static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
