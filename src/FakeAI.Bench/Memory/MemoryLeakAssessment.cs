namespace FakeAI.Bench.Memory;

/// <summary>The leak verdict of one memory timeline (<see cref="LeakDetector.Assess"/>).</summary>
/// <param name="Resident">Fit of resident memory against time; null with too few samples.</param>
/// <param name="OutsideManagedHeap">Fit of resident memory minus the managed heap over the longest stretch of samples
/// without a garbage collection, when the server reports both; null otherwise or with fewer than 3 such samples.</param>
/// <param name="HeapAfterCollections">Fit of the managed heap read first after each collection (what survived), when
/// there were at least 3 collections between samples; otherwise null.</param>
/// <param name="GarbageCollections">Collections the server ran between the first and the last sample, when it reports them.</param>
/// <param name="LeakDetected">The resident fit is a leak, and the growth is not explained by garbage that was never collected.</param>
public sealed record MemoryLeakAssessment(
    LeakAnalysis? Resident,
    LeakAnalysis? OutsideManagedHeap,
    LeakAnalysis? HeapAfterCollections,
    long? GarbageCollections,
    bool LeakDetected);
