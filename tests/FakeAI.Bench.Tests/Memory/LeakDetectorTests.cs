using FakeAI.Bench.Memory;

namespace FakeAI.Bench.Tests.Memory;

public sealed class LeakDetectorTests
{
    private static List<MemorySample> Series(int count, double intervalSeconds, Func<int, double> megabytes) =>
        Enumerable.Range(0, count).Select(i => new MemorySample(i * intervalSeconds, megabytes(i))).ToList();

    [Fact]
    public void Flat_series_is_not_a_leak()
    {
        var analysis = LeakDetector.Analyze(Series(13, 10, _ => 120.0))!;

        Assert.Equal(0, analysis.SlopeMegabytesPerMinute, 9);
        Assert.Equal(0, analysis.RSquared);
        Assert.False(analysis.IsSignificant);
        Assert.False(analysis.LeakDetected);
    }

    [Fact]
    public void Linear_growth_of_two_megabytes_per_minute_is_a_leak()
    {
        // 10 s between samples, +1/3 MB each: 2 MB/min, a perfect fit.
        var analysis = LeakDetector.Analyze(Series(13, 10, i => 100 + (i / 3.0)))!;

        Assert.Equal(2.0, analysis.SlopeMegabytesPerMinute, 6);
        Assert.Equal(1.0, analysis.RSquared, 9);
        Assert.True(analysis.IsSignificant);
        Assert.True(analysis.LeakDetected);
    }

    [Fact]
    public void Noisy_growth_keeps_its_slope_and_is_detected()
    {
        var random = new Random(42);
        var analysis = LeakDetector.Analyze(Series(60, 2, i => 100 + (i * 2 / 30.0) + (random.NextDouble() - 0.5)))!;

        Assert.InRange(analysis.SlopeMegabytesPerMinute, 1.7, 2.3);
        Assert.True(analysis.RSquared > 0.8);
        Assert.True(analysis.LeakDetected);
    }

    [Fact]
    public void Noisy_flat_series_with_a_large_raw_slope_is_not_significant()
    {
        // Four samples over one minute: ±3 MB of noise gives the naive seed rule a slope well above 1 MB/min.
        var samples = new List<MemorySample> { new(0, 100), new(20, 96), new(40, 104), new(60, 101) };

        var analysis = LeakDetector.Analyze(samples)!;

        Assert.True(analysis.SlopeMegabytesPerMinute > 1, $"raw slope {analysis.SlopeMegabytesPerMinute}");
        Assert.False(analysis.IsSignificant);
        Assert.False(analysis.LeakDetected);
    }

    [Fact]
    public void Long_noisy_flat_series_is_not_a_leak()
    {
        var random = new Random(7);
        var analysis = LeakDetector.Analyze(Series(120, 1, _ => 150 + ((random.NextDouble() - 0.5) * 4)))!;

        Assert.InRange(analysis.SlopeMegabytesPerMinute, -1, 1);
        Assert.False(analysis.LeakDetected);
    }

    [Fact]
    public void Significant_but_slow_growth_is_not_a_leak()
    {
        var analysis = LeakDetector.Analyze(Series(13, 10, i => 100 + (i * 0.05)))!;

        Assert.Equal(0.3, analysis.SlopeMegabytesPerMinute, 6);
        Assert.True(analysis.IsSignificant);
        Assert.False(analysis.LeakDetected);
    }

    [Fact]
    public void Too_few_or_simultaneous_samples_cannot_be_fitted()
    {
        Assert.Null(LeakDetector.Analyze([new(0, 1), new(1, 2)]));
        Assert.Null(LeakDetector.Analyze([new(5, 1), new(5, 2), new(5, 3)]));
    }

    // 45 s phase, a sample every 2.25 s, as `fakeai bench memory --memory-phase-seconds 45` takes them.
    private static List<MemorySample> Phase(Func<int, double> resident, Func<int, double?> managed, Func<int, long?> collections) =>
        Enumerable.Range(0, 21).Select(i => new MemorySample(i * 2.25, resident(i), managed(i), collections(i))).ToList();

    [Fact]
    public void Growth_of_uncollected_managed_allocations_is_not_a_leak()
    {
        // What a FakeAI server under server GC shows at 5-20 rps: no collection, resident memory rising with the managed
        // heap (every allocation still counted), everything else flat.
        var assessment = LeakDetector.Assess(Phase(i => 130 + (i * 0.2), i => 45 + (i * 0.2), _ => 3));

        Assert.True(assessment.Resident!.LeakDetected);
        Assert.Equal(0, assessment.GarbageCollections);
        Assert.Equal(0, assessment.OutsideManagedHeap!.SlopeMegabytesPerMinute, 9);
        Assert.False(assessment.LeakDetected);
    }

    [Fact]
    public void Growth_outside_the_managed_heap_is_a_leak_even_without_a_collection()
    {
        // A native leak: resident memory grows 2 MB/min while the managed heap stays put.
        var assessment = LeakDetector.Assess(Phase(i => 130 + (i * 0.075), _ => 45, _ => 3));

        Assert.Equal(2.0, assessment.OutsideManagedHeap!.SlopeMegabytesPerMinute, 6);
        Assert.True(assessment.LeakDetected);
    }

    [Fact]
    public void Steps_at_the_start_of_a_phase_are_not_a_leak()
    {
        // Measured shape of a first phase after the warm-up (docs/PERFORMANCE.md): memory outside the heap steps up 0.9 MB
        // twice in the first 15 s and then rises 0.3 MB/min; the least-squares line through it is steep and significant.
        var assessment = LeakDetector.Assess(Enumerable.Range(0, 21).Select(i => new MemorySample(
            i * 3.0, 126.4 + (i >= 2 ? 0.9 : 0) + (i >= 5 ? 0.9 : 0) + (i * 0.015) + (i * 0.175), 47.2 + (i * 0.175), 18)).ToList());

        var outside = assessment.OutsideManagedHeap!;
        Assert.True(outside.IsSignificant);
        Assert.InRange(outside.SlopeMegabytesPerMinute, 1.6, 1.8);
        Assert.Equal(0.3, outside.MedianSlopeMegabytesPerMinute, 6);
        Assert.False(outside.LeakDetected);
        Assert.False(assessment.LeakDetected);
    }

    [Fact]
    public void Steady_growth_has_the_same_median_and_least_squares_slope()
    {
        var analysis = LeakDetector.Analyze(Series(21, 3, i => 100 + (i * 0.1)))!;

        Assert.Equal(2.0, analysis.MedianSlopeMegabytesPerMinute, 6);
        Assert.Equal(2.0, analysis.SlopeMegabytesPerMinute, 6);
        Assert.True(analysis.LeakDetected);
    }

    [Fact]
    public void Collector_memory_that_grows_with_a_fresh_heap_is_not_a_leak()
    {
        // Measured (docs/PERFORMANCE.md, 45 s long-running phase, 1,024-token prompts, no collection): the heap grew
        // 19 MB/min into fresh pages and memory outside it 1.27 MB/min with it, steadily (6.6 % of the heap's growth).
        var assessment = LeakDetector.Assess(Phase(i => 172.4 + (i * 0.755), i => 82.9 + (i * 0.7075), _ => 26));

        Assert.True(assessment.OutsideManagedHeap!.LeakDetected);
        Assert.Equal(1.27, assessment.OutsideManagedHeap.SlopeMegabytesPerMinute, 2);
        Assert.False(assessment.LeakDetected);
    }

    [Fact]
    public void Native_growth_beyond_the_collectors_share_is_a_leak_while_the_heap_grows()
    {
        // Heap +19 MB/min as above, and 3 MB/min outside it: more than 1 MB/min plus 10 % of the heap's growth.
        var assessment = LeakDetector.Assess(Phase(i => 172.4 + (i * (0.7075 + 0.1125)), i => 82.9 + (i * 0.7075), _ => 26));

        Assert.Equal(3.0, assessment.OutsideManagedHeap!.SlopeMegabytesPerMinute, 6);
        Assert.True(assessment.LeakDetected);
    }

    [Fact]
    public void Pages_kept_after_a_collection_are_not_a_leak()
    {
        // Measured shape (docs/PERFORMANCE.md): heap and resident memory rise together, a collection at sample 14 frees
        // 18 MB of heap while resident memory steps up 2.7 MB and then stays flat as new objects reuse the freed pages.
        var assessment = LeakDetector.Assess(Phase(
            i => i < 14 ? 142.8 + (i * 0.17) : 147.9 + Math.Min(i - 14, 2) * 0.45,
            i => i < 14 ? 56.9 + (i * 0.17) : 41.3 + ((i - 14) * 0.17),
            i => i < 14 ? 15 : 16));

        Assert.True(assessment.Resident!.LeakDetected);
        Assert.Equal(1, assessment.GarbageCollections);
        Assert.False(assessment.OutsideManagedHeap!.LeakDetected);
        Assert.Null(assessment.HeapAfterCollections);
        Assert.False(assessment.LeakDetected);
    }

    [Fact]
    public void Heap_that_survives_collections_and_grows_is_a_leak()
    {
        // A managed leak of 3 MB/min: a collection every 4 samples (9 s), after which the heap is 0.45 MB larger each time.
        var assessment = LeakDetector.Assess(Phase(
            i => 130 + (i * 0.1125),
            i => 45 + ((i / 4) * 0.45) + ((i % 4) * 0.5),
            i => 10 + (i / 4)));

        Assert.Equal(5, assessment.GarbageCollections);
        Assert.Equal(3.0, assessment.HeapAfterCollections!.SlopeMegabytesPerMinute, 6);
        Assert.True(assessment.LeakDetected);
    }

    [Fact]
    public void Without_managed_figures_resident_memory_decides_alone()
    {
        var unknown = LeakDetector.Assess(Phase(i => 130 + (i * 0.2), _ => null, _ => null));
        var flat = LeakDetector.Assess(Phase(_ => 130, i => 45 + (i * 0.2), _ => 3));

        Assert.Null(unknown.GarbageCollections);
        Assert.Null(unknown.OutsideManagedHeap);
        Assert.True(unknown.LeakDetected);
        Assert.False(flat.LeakDetected);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(10, 2.228)]
    [InlineData(30, 2.042)]
    [InlineData(60, 2.000)]
    [InlineData(120, 1.980)]
    public void Critical_values_match_students_t(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, LeakDetector.CriticalTwoSided95(degreesOfFreedom), 2);
}
