namespace FakeAI.Bench.Memory;

/// <summary>One memory reading of the server, taken <paramref name="ElapsedSeconds"/> after the phase started.</summary>
/// <param name="ElapsedSeconds">When the reading was taken.</param>
/// <param name="ResidentMegabytes">Resident set size of the server process.</param>
/// <param name="ManagedHeapMegabytes">Bytes on the server's garbage-collected heap, collected or not yet (.NET's
/// <c>dotnet_total_memory_bytes</c>), when the server reports it.</param>
/// <param name="GarbageCollections">Garbage collections the server has run so far (all generations), when it reports them.</param>
public sealed record MemorySample(double ElapsedSeconds, double ResidentMegabytes, double? ManagedHeapMegabytes = null, long? GarbageCollections = null);
