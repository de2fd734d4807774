using FakeAI.Reports.Results;

namespace FakeAI.Reports.Benchmarks;

/// <summary>Builds a test's metric list, skipping values that were not measured.</summary>
internal sealed class MetricList
{
    private readonly List<BenchMetric> _metrics = [];

    public IReadOnlyList<BenchMetric> Items => _metrics;

    public MetricList Higher(string name, double? value, string unit) => Add(name, value, unit, BenchMetric.Higher);

    public MetricList Lower(string name, double? value, string unit) => Add(name, value, unit, BenchMetric.Lower);

    public MetricList Info(string name, double? value, string unit) => Add(name, value, unit, BenchMetric.None);

    private MetricList Add(string name, double? value, string unit, string better)
    {
        if (value is { } v && double.IsFinite(v))
        {
            _metrics.Add(new BenchMetric(name, v, unit, better));
        }

        return this;
    }
}
