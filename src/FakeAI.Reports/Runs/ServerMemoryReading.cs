namespace FakeAI.Reports.Runs;

/// <summary>The server's memory from its <c>/metrics</c>; the managed figures only when the server reports them (.NET).</summary>
/// <param name="ResidentMegabytes"><c>process_resident_memory_bytes</c>.</param>
/// <param name="ManagedHeapMegabytes"><c>dotnet_total_memory_bytes</c>: the garbage-collected heap including garbage not yet collected.</param>
/// <param name="GarbageCollections"><c>dotnet_collection_count_total</c> summed over generations.</param>
/// <param name="KvCacheUsage">Mean of <c>vllm:kv_cache_usage_perc</c> over the server's workers (0-1), when it reports one.</param>
public sealed record ServerMemoryReading(double ResidentMegabytes, double? ManagedHeapMegabytes, long? GarbageCollections, double? KvCacheUsage = null);
