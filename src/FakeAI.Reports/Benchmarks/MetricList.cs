using FakeAI.Bench.Metrics;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// Builds a test's metric list, skipping values that were not measured. A metric the profile engine also reports takes
/// its unit and direction from <see cref="MetricCatalog"/>; a benchmark's own metric is described where it is added.
/// </summary>
internal sealed class MetricList
{
    private readonly List<BenchMetric> _metrics = [];

    public IReadOnlyList<BenchMetric> Items => _metrics;

    public MetricList Add(string name, double? value, MetricDefinition definition) => Add(name, value, definition.Unit, definition.Direction);

    public MetricList Higher(string name, double? value, string unit) => Add(name, value, unit, MetricDirection.HigherIsBetter);

    public MetricList Lower(string name, double? value, string unit) => Add(name, value, unit, MetricDirection.LowerIsBetter);

    public MetricList Info(string name, double? value, string unit) => Add(name, value, unit, MetricDirection.Neutral);

    private MetricList Add(string name, double? value, string unit, MetricDirection direction)
    {
        if (value is { } v && double.IsFinite(v))
        {
            _metrics.Add(new BenchMetric(name, v, unit, BenchMetric.BetterOf(direction)));
        }

        return this;
    }
}
