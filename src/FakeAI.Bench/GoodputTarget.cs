using System.Globalization;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench;

/// <summary>One goodput service-level objective: a metric tag and a threshold in the metric's display unit. A request meets
/// it when its value is at most the threshold, or at least the threshold for larger-is-better metrics (ISL, OSL, per-user
/// throughput).</summary>
public sealed record GoodputTarget(string Tag, double Threshold)
{
    /// <summary>Parses aiperf's space-separated <c>tag:value</c> list (commas also separate), checking every tag against the
    /// metric catalogue; the error quotes the offending pair.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<GoodputTarget> targets, out string? error)
    {
        targets = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "needs at least one tag:value pair";
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
                error = $"'{part}' must be tag:number, e.g. time_to_first_token:100";
                return false;
            }

            var tag = part[..colon];
            if (!MetricCatalog.GoodputTags.Contains(tag))
            {
                error = MetricCatalog.Find(tag) is null
                    ? $"unknown metric tag '{tag}' (per-request tags: {string.Join(", ", MetricCatalog.GoodputTags)})"
                    : $"'{tag}' has no value per request, so no request can meet it (per-request tags: {string.Join(", ", MetricCatalog.GoodputTags)})";
                return false;
            }

            list.Add(new GoodputTarget(tag, threshold));
        }

        targets = list;
        return true;
    }
}
