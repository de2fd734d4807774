using System.Text;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Bench.Datasets;

/// <summary>
/// Builds synthetic prompts of an exact token count from common English words that are a single token both at the start
/// of a text and after a space, so <c>n</c> space-separated words encode to exactly <c>n</c> tokens and texts concatenated
/// with a space keep their counts (shared prefixes stay identical token sequences).
/// </summary>
internal sealed class PromptGenerator
{
    internal static readonly string[] Candidates =
    [
        "the", "of", "and", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are", "as", "with", "his",
        "they", "at", "be", "this", "have", "from", "or", "one", "had", "by", "word", "but", "not", "what", "all", "were",
        "we", "when", "your", "can", "said", "there", "use", "an", "each", "which", "she", "do", "how", "their", "if",
        "will", "up", "other", "about", "out", "many", "then", "them", "these", "so", "some", "her", "would", "make",
        "like", "him", "into", "time", "has", "look", "two", "more", "write", "go", "see", "number", "no", "way",
        "could", "people", "my", "than", "first", "water", "been", "call", "who", "oil", "its", "now", "find", "long",
        "down", "day", "did", "get", "come", "made", "may", "part", "king", "love", "night", "heart", "sweet", "fair",
        "light", "death", "life", "hand", "good", "lord", "eyes", "world", "true", "house", "man", "old", "young",
        "still", "nature", "thought", "speak", "name", "great", "name", "fire", "earth", "sea", "star", "song", "land",
    ];

    private readonly string[] _words;
    private readonly Random _random;

    public PromptGenerator(Tokenizer tokenizer, Random random)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _random = random;
        _words = [.. Candidates.Distinct(StringComparer.Ordinal).Where(w => tokenizer.CountTokens(w) == 1 && tokenizer.CountTokens(" " + w) == 1)];
    }

    public string Generate(int tokens)
    {
        var builder = new StringBuilder(tokens * 6);
        for (var i = 0; i < tokens; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(_words[_random.Next(_words.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A block that depends only on <paramref name="key"/>, so equal keys give equal token sequences.</summary>
    public string GenerateKeyed(long key, int tokens, int seed)
    {
        // A fixed mix (not HashCode, which is randomized per process) keeps blocks identical across runs.
        var keyed = new Random((int)((((long)seed * 1_000_003L) + key) & int.MaxValue));
        var builder = new StringBuilder(tokens * 6);
        for (var i = 0; i < tokens; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(_words[keyed.Next(_words.Length)]);
        }

        return builder.ToString();
    }

    /// <summary><c>ceil(normal(mean, stddev))</c>, resampled until at least <paramref name="minimum"/> (aiperf's sampler).</summary>
    public int SampleLength(double mean, double stddev, int minimum)
    {
        if (stddev <= 0)
        {
            return Math.Max(minimum, (int)Math.Ceiling(mean));
        }

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            var normal = mean + (stddev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
            var value = (int)Math.Ceiling(normal);
            if (value >= minimum)
            {
                return value;
            }
        }

        return Math.Max(minimum, (int)Math.Ceiling(mean));
    }
}
