using System.Globalization;
using System.Text;

namespace FakeAI.Server.Limits;

/// <summary>
/// Durations as OpenAI writes them in <c>x-ratelimit-reset-*</c> headers and "Please try again in …" messages: Go's
/// duration syntax at millisecond precision — <c>0s</c>, <c>20ms</c>, <c>1.146s</c>, <c>20s</c>, <c>6m0s</c>,
/// <c>2m59.56s</c>, <c>1h0m0s</c>. Rounded up, so waiting the printed time is always enough.
/// </summary>
internal static class RateLimitDuration
{
    public static string Format(long ticks, long ticksPerSecond)
    {
        if (ticks <= 0)
        {
            return "0s";
        }

        // Whole milliseconds, rounded up (a 0.2 ms wait prints as 1ms, never as 0s).
        var ms = (long)CeilingDivide((Int128)ticks * 1000, ticksPerSecond);
        if (ms < 1000)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var text = new StringBuilder();
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        var seconds = ms % 60_000 / 1000.0;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    /// <summary>Whole seconds for <c>Retry-After</c>, rounded up and at least 1.</summary>
    public static long RetryAfterSeconds(long ticks, long ticksPerSecond) =>
        Math.Max(1, (long)CeilingDivide(ticks, ticksPerSecond));

    // Integer arithmetic: 1.2 s must print as 1.2s, not as 1.201s after a floating-point division lands a hair above.
    private static Int128 CeilingDivide(Int128 value, long divisor) => (value + divisor - 1) / divisor;
}
