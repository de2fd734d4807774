using FakeAI.Reports.Runs;

namespace FakeAI.Reports.Tests.Runs;

public sealed class ServerProbeTests
{
    [Fact]
    public void Memory_reading_takes_resident_memory_managed_heap_and_collections_summed_over_generations()
    {
        const string text = """
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 125829120
            dotnet_total_memory_bytes 52428800
            dotnet_collection_count_total{generation="0"} 7
            dotnet_collection_count_total{generation="1"} 2
            dotnet_collection_count_total{generation="2"} 1
            dotnet_total_memory_bytes_other 1
            """;

        var reading = ServerProbe.ParseMemory(text);

        Assert.Equal(new ServerMemoryReading(120, 50, 10), reading);
    }

    [Fact]
    public void Kv_cache_usage_is_the_mean_over_workers()
    {
        const string text = """
            process_resident_memory_bytes 1048576
            vllm:kv_cache_usage_perc{worker="worker-0"} 1
            vllm:kv_cache_usage_perc{worker="worker-1"} 0.5
            vllm:kv_cache_usage_percentile 7
            """;

        Assert.Equal(0.75, ServerProbe.ParseMemory(text)!.KvCacheUsage);
    }

    [Fact]
    public void Managed_figures_are_null_when_the_server_does_not_report_them()
    {
        Assert.Equal(new ServerMemoryReading(1, null, null), ServerProbe.ParseMemory("process_resident_memory_bytes 1.048576e6\n"));
        Assert.Null(ServerProbe.ParseMemory("dotnet_total_memory_bytes 5\n"));
    }
}
