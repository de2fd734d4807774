using System.Globalization;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Benchmarks;

/// <summary>Culture-invariant number formatting and metric lookup for the benchmark reports.</summary>
internal static class BenchFormat
{
    public static string N(double? value, string format = "0.00") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static double? Get(BenchTestResult test, string name) => test.Metrics.FirstOrDefault(m => m.Name == name)?.Value;
}
