using System.Text;

namespace FakeAI.Server.Generation;

/// <summary>
/// Deterministic relevance scores: the query's and the passage's bytes seed a PRNG whose Gaussian draw, scaled, is the
/// logit. The same query and passage always get the same score, on every platform; different passages differ.
/// </summary>
internal static class RankingScorer
{
    /// <summary>Spreads logits over roughly −12…12, the range real cross-encoders report.</summary>
    private const double LogitScale = 4.0;

    public static double Logit(string query, string passage)
    {
        var seed = (EmbeddingGenerator.Fnv1a(Encoding.UTF8.GetBytes(query)) * 0x9E3779B97F4A7C15UL) ^ EmbeddingGenerator.Fnv1a(Encoding.UTF8.GetBytes(passage));
        var rng = new SplitMix64(seed);

        // Box–Muller, as for the embeddings (1 − u keeps the logarithm finite).
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Round(LogitScale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2), 6);
    }

    /// <summary>The logistic function: vLLM's and Cohere's <c>relevance_score</c> in (0, 1).</summary>
    public static double Relevance(double logit) => Math.Round(1.0 / (1.0 + Math.Exp(-logit)), 6);
}
