using System.Globalization;

namespace FakeAI.Server;

/// <summary>
/// A latency in milliseconds with optional uniform jitter: <c>MEAN</c> is exact, <c>MEAN:PCT</c> samples uniformly in
/// [MEAN·(1−PCT/100), MEAN·(1+PCT/100)].
/// </summary>
public readonly record struct LatencySpec(double MeanMs, double JitterPercent)
{
    /// <summary>No latency at all.</summary>
    public static LatencySpec Zero => default;

    /// <summary>An exact latency without jitter.</summary>
    public static LatencySpec Exact(double meanMs) => new(meanMs, 0);

    /// <summary>Parses <c>"20"</c> or <c>"50:30"</c>; rejects negatives, a percentage outside 0–100, extra colons and non-numbers.</summary>
    public static bool TryParse(string? text, out LatencySpec spec, out string? error)
    {
        spec = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "latency must be MEAN or MEAN:PCT in milliseconds, got an empty value";
            return false;
        }

        var parts = text.Trim().Split(':');
        if (parts.Length > 2)
        {
            error = $"latency '{text}' has more than one ':'; expected MEAN or MEAN:PCT";
            return false;
        }

        if (!TryParseNumber(parts[0], out var mean))
        {
            error = $"latency mean '{parts[0]}' in '{text}' is not a number of milliseconds";
            return false;
        }

        if (mean < 0)
        {
            error = $"latency mean must not be negative, got '{text}'";
            return false;
        }

        var percent = 0.0;
        if (parts.Length == 2)
        {
            if (!TryParseNumber(parts[1], out percent))
            {
                error = $"latency jitter '{parts[1]}' in '{text}' is not a number (percent)";
                return false;
            }

            if (percent is < 0 or > 100)
            {
                error = $"latency jitter must be between 0 and 100 percent, got '{text}'";
                return false;
            }
        }

        spec = new LatencySpec(mean, percent);
        error = null;
        return true;
    }

    /// <summary>The validation errors of this value (empty when valid), prefixed with <paramref name="name"/>.</summary>
    public IEnumerable<string> Validate(string name)
    {
        if (!double.IsFinite(MeanMs) || MeanMs < 0)
        {
            yield return $"{name}: mean must be a finite, non-negative number of milliseconds (got {MeanMs.ToString(CultureInfo.InvariantCulture)})";
        }

        if (!double.IsFinite(JitterPercent) || JitterPercent is < 0 or > 100)
        {
            yield return $"{name}: jitter must be between 0 and 100 percent (got {JitterPercent.ToString(CultureInfo.InvariantCulture)})";
        }
    }

    /// <summary>Draws one latency in milliseconds from <paramref name="uniform01"/> in [0, 1).</summary>
    public double Sample(double uniform01) =>
        JitterPercent == 0 ? MeanMs : MeanMs * (1 + (JitterPercent / 100 * ((2 * uniform01) - 1)));

    public override string ToString() => JitterPercent == 0
        ? MeanMs.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{MeanMs}:{JitterPercent}");

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
