using FakeAI.Bench.Metrics;

namespace FakeAI.Reports.Comparison;

/// <summary>
/// Lines up metrics of several result files by key and compares each file with the first. A change counts as a
/// regression when it goes the wrong way (latency up, throughput down, errors up) by more than the threshold percent;
/// from a baseline of 0 any worsening is a regression.
/// </summary>
public static class ResultComparer
{
    public const double DefaultThresholdPercent = 5;

    public static ComparisonReport Compare(IReadOnlyList<ResultSet> files, double thresholdPercent)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(files.Count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdPercent);

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lookup = files.Select(f =>
        {
            var byKey = new Dictionary<string, ComparedMetric>(StringComparer.Ordinal);
            foreach (var metric in f.Metrics)
            {
                byKey.TryAdd(metric.Key, metric);
                if (seen.Add(metric.Key))
                {
                    keys.Add(metric.Key);
                }
            }

            return byKey;
        }).ToList();

        var rows = new List<ComparisonRow>(keys.Count);
        foreach (var key in keys)
        {
            var template = lookup.Select(l => l.GetValueOrDefault(key)).First(m => m is not null)!;
            var values = lookup.Select(l => l.TryGetValue(key, out var m) ? m.Value : (double?)null).ToList();
            var deltas = new List<MetricDelta?>(files.Count - 1);
            for (var i = 1; i < files.Count; i++)
            {
                deltas.Add(values[0] is { } baseline && values[i] is { } value
                    ? Delta(baseline, value, template.Direction, thresholdPercent)
                    : null);
            }

            rows.Add(new ComparisonRow(key, template.Unit, template.Direction, values, deltas));
        }

        return new ComparisonReport(files, thresholdPercent, rows);
    }

    internal static MetricDelta Delta(double baseline, double value, MetricDirection direction, double thresholdPercent)
    {
        var absolute = value - baseline;
        double? percent = baseline != 0 ? absolute / Math.Abs(baseline) * 100 : null;
        var worse = direction switch
        {
            MetricDirection.LowerIsBetter => absolute > 0,
            MetricDirection.HigherIsBetter => absolute < 0,
            _ => false,
        };
        var better = direction != MetricDirection.Neutral && absolute != 0 && !worse;
        var beyond = percent is { } p ? Math.Abs(p) > thresholdPercent : absolute != 0;
        var verdict = !beyond ? DeltaVerdict.Unchanged : worse ? DeltaVerdict.Regressed : better ? DeltaVerdict.Improved : DeltaVerdict.Unchanged;
        return new MetricDelta(absolute, percent, verdict);
    }
}
