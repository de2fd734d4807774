using BenchmarkDotNet.Attributes;
using FakeAI.Bench.Metrics;

namespace FakeAI.Benchmarks;

/// <summary>Exact statistics over 100,000 per-request values (sort + percentiles + std), the cost of not using histograms.</summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private double[] _values = [];
    private double[] _work = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _values = [.. Enumerable.Range(0, 100_000).Select(_ => random.NextDouble() * 1000)];
        _work = new double[_values.Length];
    }

    [Benchmark]
    public double Summarize100k()
    {
        _values.CopyTo(_work, 0);
        return Statistics.Summarize(_work).Percentile(99);
    }
}
