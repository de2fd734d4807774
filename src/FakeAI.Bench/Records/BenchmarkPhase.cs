namespace FakeAI.Bench.Records;

public enum BenchmarkPhase
{
    Warmup,
    Profiling,
}
