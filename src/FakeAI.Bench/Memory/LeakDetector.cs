namespace FakeAI.Bench.Memory;

/// <summary>
/// Decides whether a memory timeline shows a leak: a least-squares line through (time, resident MB) must rise faster than
/// 1 MB/min, explain at least half of the variance (R² ≥ 0.5), and have a slope that a t-test at the 5 % level
/// distinguishes from zero; and the Theil–Sen slope (the median of the slopes between every pair of samples) must rise
/// faster than 1 MB/min too. The Python FakeAI only compared the raw slope with 1 MB/min, which flags noise on short runs. The
/// median keeps one or two steps (a thread stack, a page of JIT code at the start of a phase) from passing for steady
/// growth: a least-squares line through a step and a flat tail is steep, the median of the pairwise slopes is not.
/// </summary>
public static class LeakDetector
{
    public const double LeakThresholdMegabytesPerMinute = 1.0;

    public const double MinimumRSquared = 0.5;

    /// <summary>Fewer points than this leave no degree of freedom for the slope's standard error.</summary>
    public const int MinimumSamples = 3;

    /// <summary>
    /// While the managed heap grows into fresh pages, the collector's own memory (bookkeeping tables, cleared allocation
    /// space) grows with it outside the heap: measured on a FakeAI server at 2.6-6.6 % of the heap's growth, steady, and
    /// reused after the next collection. Growth outside the heap counts as a leak only beyond this share, with a margin.
    /// </summary>
    public const double CollectorShareOfHeapGrowth = 0.10;

    // Two-sided 5 % critical values of Student's t for 1..30 degrees of freedom.
    private static readonly double[] CriticalT95 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Fits the samples; returns <see langword="null"/> when there are too few distinct points to fit a line.</summary>
    public static LeakAnalysis? Analyze(IReadOnlyList<MemorySample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var n = samples.Count;
        if (n < MinimumSamples)
        {
            return null;
        }

        double meanX = 0, meanY = 0;
        foreach (var s in samples)
        {
            meanX += s.ElapsedSeconds;
            meanY += s.ResidentMegabytes;
        }

        meanX /= n;
        meanY /= n;

        double sxx = 0, sxy = 0, syy = 0;
        foreach (var s in samples)
        {
            var dx = s.ElapsedSeconds - meanX;
            var dy = s.ResidentMegabytes - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slopePerSecond = sxy / sxx;
        var residual = Math.Max(0, syy - (slopePerSecond * sxy));
        var rSquared = syy > 0 ? Math.Clamp(1 - (residual / syy), 0, 1) : 0;
        var degreesOfFreedom = n - 2;
        var standardError = Math.Sqrt(residual / degreesOfFreedom / sxx);
        var t = standardError > 0
            ? slopePerSecond / standardError
            : slopePerSecond == 0 ? 0 : double.PositiveInfinity * Math.Sign(slopePerSecond);
        var critical = CriticalTwoSided95(degreesOfFreedom);
        var significant = rSquared >= MinimumRSquared && Math.Abs(t) > critical;
        var slopePerMinute = slopePerSecond * 60;
        var medianSlopePerMinute = MedianPairwiseSlopePerSecond(samples) * 60;
        return new LeakAnalysis(
            n,
            slopePerMinute,
            medianSlopePerMinute,
            rSquared,
            t,
            critical,
            significant,
            significant && slopePerMinute > LeakThresholdMegabytesPerMinute && medianSlopePerMinute > LeakThresholdMegabytesPerMinute);
    }

    /// <summary>Theil–Sen estimator: O(n²) pairs, which is nothing for a benchmark phase's ~20 samples.</summary>
    private static double MedianPairwiseSlopePerSecond(IReadOnlyList<MemorySample> samples)
    {
        var slopes = new List<double>(samples.Count * (samples.Count - 1) / 2);
        for (var i = 0; i < samples.Count; i++)
        {
            for (var j = i + 1; j < samples.Count; j++)
            {
                var dx = samples[j].ElapsedSeconds - samples[i].ElapsedSeconds;
                if (dx != 0)
                {
                    slopes.Add((samples[j].ResidentMegabytes - samples[i].ResidentMegabytes) / dx);
                }
            }
        }

        slopes.Sort();
        var middle = slopes.Count / 2;
        return slopes.Count % 2 == 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
    }

    /// <summary>
    /// The leak test for a server that may be garbage-collected. Resident memory is fitted as in <see cref="Analyze"/>.
    /// Between two collections every byte the server allocates stays resident, garbage or not, so resident growth there
    /// proves nothing: with a large gen0 budget (.NET server GC) a healthy server grows linearly with its request count
    /// for minutes, and after a collection its freed pages stay resident. So when the server also reports its managed
    /// heap and collection count, a resident leak must also show either outside the managed heap (native memory, code,
    /// stacks: resident minus heap over the longest stretch of samples without a collection, faster than 1 MB/min plus
    /// <see cref="CollectorShareOfHeapGrowth"/> of the heap's growth in that stretch) or in the heap that survives
    /// collections (the heap read first after each collection, when there are at least 3). Without those
    /// figures, or without a stretch of 3 samples free of collections, the resident fit decides alone.
    /// </summary>
    public static MemoryLeakAssessment Assess(IReadOnlyList<MemorySample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var resident = Analyze(samples);
        if (samples.Count == 0 || !samples.All(s => s.GarbageCollections is not null && s.ManagedHeapMegabytes is not null))
        {
            return new MemoryLeakAssessment(resident, null, null, null, resident?.LeakDetected == true);
        }

        // Stretches of samples with the same collection count; the first sample after a collection starts a new one.
        var stretches = new List<List<MemorySample>>();
        foreach (var sample in samples)
        {
            if (stretches.Count == 0 || stretches[^1][0].GarbageCollections != sample.GarbageCollections)
            {
                stretches.Add([]);
            }

            stretches[^1].Add(sample);
        }

        var longest = stretches.MaxBy(stretch => stretch.Count)!;
        var outsideHeap = Analyze([.. longest.Select(s => s with { ResidentMegabytes = s.ResidentMegabytes - s.ManagedHeapMegabytes!.Value })]);
        var heapInStretch = Analyze([.. longest.Select(s => s with { ResidentMegabytes = s.ManagedHeapMegabytes!.Value })]);
        var heapAfterCollections = Analyze([.. stretches.Skip(1).Select(stretch => stretch[0] with { ResidentMegabytes = stretch[0].ManagedHeapMegabytes!.Value })]);
        var leak = resident?.LeakDetected == true
            && (outsideHeap is null || GrowsBeyondCollectorShare(outsideHeap, heapInStretch) || heapAfterCollections?.LeakDetected == true);
        return new MemoryLeakAssessment(resident, outsideHeap, heapAfterCollections, samples[^1].GarbageCollections - samples[0].GarbageCollections, leak);
    }

    /// <summary>The leak test of <see cref="Analyze"/> with the threshold raised by the collector's share of the heap's growth.</summary>
    private static bool GrowsBeyondCollectorShare(LeakAnalysis outsideHeap, LeakAnalysis? heap) =>
        outsideHeap.IsSignificant
        && outsideHeap.SlopeMegabytesPerMinute > LeakThresholdMegabytesPerMinute + (CollectorShareOfHeapGrowth * Math.Max(0, heap?.SlopeMegabytesPerMinute ?? 0))
        && outsideHeap.MedianSlopeMegabytesPerMinute > LeakThresholdMegabytesPerMinute + (CollectorShareOfHeapGrowth * Math.Max(0, heap?.MedianSlopeMegabytesPerMinute ?? 0));

    /// <summary>Exact table up to 30 degrees of freedom, then the Cornish–Fisher expansion around the normal 1.96.</summary>
    internal static double CriticalTwoSided95(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (degreesOfFreedom <= CriticalT95.Length)
        {
            return CriticalT95[degreesOfFreedom - 1];
        }

        const double z = 1.959964;
        double df = degreesOfFreedom;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        return z + ((z3 + z) / (4 * df)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * df * df));
    }
}
