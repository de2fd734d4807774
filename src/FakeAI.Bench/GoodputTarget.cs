using System.Globalization;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench;

/// <summary>One <c>--goodput</c> service-level objective: a metric tag and a threshold in the metric's display unit.</summary>
public sealed record GoodputTarget(string Tag, double Threshold)
{
    /// <summary>Parses aiperf's space-separated <c>tag:value</c> list, checking every tag against the metric catalogue.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<GoodputTarget> targets, out string? error)
    {
        targets = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "--goodput needs at least one tag:value pair";
            return false;
        }

        var list = new List<GoodputTarget>();
        foreach (var part in text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
                || !double.IsFinite(threshold))
            {
                error = $"--goodput '{part}' must be tag:number, e.g. time_to_first_token:100";
                return false;
            }

            var tag = part[..colon];
            if (!MetricCatalog.GoodputTags.Contains(tag))
            {
                error = $"--goodput: unknown metric tag '{tag}' (known: {string.Join(", ", MetricCatalog.GoodputTags)})";
                return false;
            }

            list.Add(new GoodputTarget(tag, threshold));
        }

        targets = list;
        return true;
    }
}
