using System.Globalization;

namespace FakeAI.Bench.Export;

/// <summary>Number and time formatting shared by the exporters; always culture-invariant.</summary>
internal static class InvariantFormat
{
    /// <summary>Python's <c>f"{x:.2f}"</c>.</summary>
    public static string TwoDecimals(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Integer(double value) => Math.Round(value).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>aiperf's <c>datetime.fromtimestamp(...).isoformat()</c>: naive local time with microseconds.</summary>
    public static string LocalIso(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZoneInfo.Local).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
