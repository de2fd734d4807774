using System.Globalization;

namespace FakeAI.Bench.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard i/N</c>): one of N processes that each build the whole
/// run's plan from the same seed and send their own part of it, so together they send exactly the one-process run.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The whole run: one shard.</summary>
    public static ShardSpec Whole { get; } = new(0, 1);

    /// <summary>This shard's part of a budget <paramref name="total"/> (concurrency, request count) as k6 splits it:
    /// <c>round(v·(i+1)/N) − round(v·i/N)</c>, so the parts of all shards add up to the total exactly.</summary>
    public int Share(int total) => Boundary(total, Index + 1) - Boundary(total, Index);

    /// <summary>Where this shard's block of <paramref name="total"/> items starts (items before it belong to lower shards).</summary>
    public int BlockStart(int total) => Boundary(total, Index);

    /// <summary>Parses <c>i/N</c> with 0 ≤ i &lt; N; on failure <paramref name="error"/> says why in one line.</summary>
    public static bool TryParse(string text, out ShardSpec shard, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = Whole;
        error = "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--shard '{text}' is not i/N (e.g. 0/4)";
            return false;
        }

        if (count < 1 || index >= count)
        {
            error = $"--shard '{text}': the index must be at least 0 and below the shard count N (at least 1)";
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    // round(total·index/N) with halves rounded up, as k6's math.Round does for these non-negative values; integer
    // arithmetic so no shard's boundary depends on floating-point rounding.
    private int Boundary(int total, int index) => (int)(((2L * total * index) + Count) / (2L * Count));
}
