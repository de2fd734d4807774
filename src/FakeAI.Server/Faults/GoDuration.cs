using System.Globalization;
using System.Text;

namespace FakeAI.Server.Faults;

/// <summary>
/// Formats a duration as Go's <c>time.Duration.String()</c> does, which is how OpenAI writes its
/// <c>x-ratelimit-reset-*</c> headers: <c>0s</c>, <c>120ms</c>, <c>1s</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h0m0s</c>.
/// </summary>
internal static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return Trim(duration.TotalMilliseconds) + "ms";
        }

        var text = new StringBuilder();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        return text.Append(Trim(seconds)).Append('s').ToString();
    }

    private static string Trim(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
