using System.Runtime.InteropServices;
using System.Text;

namespace FakeAI.Server.Generation;

/// <summary>
/// Deterministic unit-length embeddings: the input's bytes seed a PRNG whose Gaussian draws form the vector, which is then
/// L2-normalised. Same input and size → same vector, on every platform.
/// </summary>
internal static class EmbeddingGenerator
{
    /// <summary>Writes the vector of <paramref name="text"/> into <paramref name="values"/> (its length is the dimensions).</summary>
    public static void FromText(string text, Span<float> values) => Generate(Fnv1a(Encoding.UTF8.GetBytes(text)), values);

    /// <summary>Writes the vector of <paramref name="tokenIds"/> into <paramref name="values"/>.</summary>
    public static void FromTokens(IReadOnlyList<int> tokenIds, Span<float> values) =>
        Generate(Fnv1a(MemoryMarshal.AsBytes(tokenIds.ToArray().AsSpan())) ^ 0x5bd1e995UL, values);

    private static void Generate(ulong seed, Span<float> values)
    {
        var rng = new SplitMix64(seed);
        var dimensions = values.Length;
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
