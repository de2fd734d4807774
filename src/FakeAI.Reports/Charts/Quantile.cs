namespace FakeAI.Reports.Charts;

/// <summary>Linear-interpolation quantile (numpy's default) of values that are already sorted ascending.</summary>
internal static class Quantile
{
    public static double OfSorted(IReadOnlyList<double> sorted, double probability)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (sorted.Count - 1) * probability;
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
