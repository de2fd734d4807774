using System.Text;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench.Export;

/// <summary>Writes <c>profile_export_aiperf.csv</c> like aiperf's CsvExporter: distributions sorted by tag, a blank line,
/// then single values; Python <c>csv</c> quoting and CRLF line ends; every value with two decimals (aiperf's values are
/// all floats, counts included: <c>Request Count,89.00</c>). Our own metrics' names end in <c>[fakeai]</c>.</summary>
internal static class CsvSummaryWriter
{
    private static readonly string[] StatColumns = ["avg", "min", "max", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "std"];

    public static string Render(MetricsSummary summary)
    {
        var builder = new StringBuilder();
        var distributions = summary.Results.Where(r => r.Stats is not null).OrderBy(r => r.Tag, StringComparer.Ordinal).ToArray();
        var scalars = summary.Results.Where(r => r.Stats is null).OrderBy(r => r.Tag, StringComparer.Ordinal).ToArray();
        if (distributions.Length > 0)
        {
            WriteRow(builder, ["Metric", .. StatColumns]);
            foreach (var metric in distributions)
            {
                var stats = metric.Stats!;
                var values = new List<string> { Name(metric), Number(stats.Avg), Number(stats.Min), Number(stats.Max) };
                values.AddRange(stats.PercentileValues.Select(Number));
                values.Add(Number(stats.Std));
                WriteRow(builder, values);
            }

            if (scalars.Length > 0)
            {
                builder.Append("\r\n");
            }
        }

        if (scalars.Length > 0)
        {
            WriteRow(builder, ["Metric", "Value"]);
            foreach (var metric in scalars)
            {
                WriteRow(builder, [Name(metric), Number(metric.Avg)]);
            }
        }

        return builder.ToString();
    }

    private static string Number(double value) => InvariantFormat.TwoDecimals(value);

    private static string Name(MetricResult metric)
    {
        var name = metric.Unit is "count" or "requests" ? metric.Header : $"{metric.Header} ({metric.Unit})";
        return metric.Definition.Has(MetricTraits.Extension) ? name + " [fakeai]" : name;
    }

    private static void WriteRow(StringBuilder builder, List<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                builder.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                builder.Append(field);
            }
        }

        builder.Append("\r\n");
    }
}
