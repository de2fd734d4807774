using System.Globalization;
using System.Text.Json;

namespace FakeAI.Bench.Export;

/// <summary>Number and time formatting shared by the exporters; always culture-invariant.</summary>
internal static class InvariantFormat
{
    /// <summary>Python's <c>f"{x:.2f}"</c>.</summary>
    public static string TwoDecimals(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>
    /// A float as aiperf's pydantic JSON writes it: the shortest digits that round-trip, always with a fraction or an
    /// exponent so a reader sees a float (<c>89.0</c>, <c>6655.52</c>, <c>1.7598132075329004e18</c>, <c>1e-7</c>).
    /// Positional from 1e-5 up to 1e16, scientific outside.
    /// </summary>
    public static string JsonFloat(double value) => Float(value, positionalMinExponent: -5, exponentPrefix: "e", minExponentDigits: 1);

    /// <summary>Writes a property whose value is <paramref name="value"/> as a <see cref="JsonFloat"/>.</summary>
    public static void WriteFloat(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(JsonFloat(value));
    }

    /// <summary>Python's <c>str(float)</c>: <c>10.0</c>, <c>2.5</c>, <c>1e-05</c>, <c>1e+16</c> (artifact folder names).</summary>
    public static string PythonFloat(double value) => Float(value, positionalMinExponent: -4, exponentPrefix: "e", minExponentDigits: 2);

    /// <summary>aiperf's <c>datetime.fromtimestamp(...).isoformat()</c>: naive local time with microseconds.</summary>
    public static string LocalIso(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZoneInfo.Local).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string Float(double value, int positionalMinExponent, string exponentPrefix, int minExponentDigits)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" has 17 significant digits; "R" gives the shortest round-trip form, which is what Python and serde print.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = (point < 0 ? mantissa : mantissa.Remove(point, 1)).TrimStart('0');
        var leadingZeros = (point < 0 ? mantissa : mantissa.Remove(point, 1)).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Decimal exponent of the first significant digit: value = 0.d1d2... × 10^(pointPosition).
        var pointPosition = (point < 0 ? mantissa.Length : point) - leadingZeros + exponent;
        var sign = value < 0 ? "-" : "";
        var scientificExponent = pointPosition - 1;
        if (scientificExponent < positionalMinExponent || scientificExponent >= 16)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : "";
            var exponentText = Math.Abs(scientificExponent).ToString(CultureInfo.InvariantCulture).PadLeft(minExponentDigits, '0');
            var exponentSign = scientificExponent < 0 ? "-" : minExponentDigits > 1 ? "+" : "";
            return $"{sign}{digits[0]}{fraction}{exponentPrefix}{exponentSign}{exponentText}";
        }

        if (pointPosition <= 0)
        {
            return $"{sign}0.{new string('0', -pointPosition)}{digits}";
        }

        if (pointPosition >= digits.Length)
        {
            return $"{sign}{digits}{new string('0', pointPosition - digits.Length)}.0";
        }

        return $"{sign}{digits[..pointPosition]}.{digits[pointPosition..]}";
    }
}
