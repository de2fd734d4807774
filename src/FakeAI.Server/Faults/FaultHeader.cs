using System.Globalization;

namespace FakeAI.Server.Faults;

/// <summary>
/// Parses <c>X-FakeAI-Fault: TYPE[;after=K][;seconds=S][;retry-after=N]</c>, which forces one fault (or <c>none</c>)
/// on one request whatever the rates say.
/// </summary>
internal static class FaultHeader
{
    public const string Name = "X-FakeAI-Fault";

    /// <summary>The value that exempts a request from random faults.</summary>
    public const string None = "none";

    /// <summary>
    /// Reads <paramref name="value"/>: true with <paramref name="fault"/> null for <c>none</c>; false with a message naming
    /// the allowed values when it is malformed. <paramref name="afterFraction"/> places k when <c>after=</c> is absent.
    /// </summary>
    public static bool TryParse(string value, FaultDecider decider, double afterFraction, out InjectedFault? fault, out string error)
    {
        fault = null;
        error = string.Empty;
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (string.Equals(parts[0], None, StringComparison.OrdinalIgnoreCase) && parts.Length == 1)
        {
            return true;
        }

        if (!FaultKindNames.TryParse(parts[0], out var kind))
        {
            error = $"Invalid value for header '{Name}': '{Truncate(parts[0])}'. Allowed values: {string.Join(", ", FaultKindNames.All)}, {None}; " +
                "optionally followed by ';after=K' (disconnect, stream-error, stall, truncated-json), ';seconds=S' (stall, timeout) or ';retry-after=N' (429).";
            return false;
        }

        var options = decider.Options;
        var result = decider.Create(kind, afterFraction);
        foreach (var parameter in parts.Skip(1))
        {
            var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            var name = pair[0].ToLowerInvariant();
            var text = pair.Length == 2 ? pair[1] : string.Empty;
            switch (name)
            {
                case "after" when kind.IsMidStream():
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
                    {
                        error = $"Invalid value for header '{Name}': 'after' must be a whole number of tokens, got '{Truncate(text)}'.";
                        return false;
                    }

                    result = result with { AfterTokens = after };
                    break;
                case "seconds" when kind is FaultKind.Stall or FaultKind.Timeout:
                    if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                        || seconds <= 0 || seconds > options.MaxHoldSeconds)
                    {
                        error = $"Invalid value for header '{Name}': 'seconds' must be a number above 0 and at most {options.MaxHoldSeconds.ToString(CultureInfo.InvariantCulture)}, got '{Truncate(text)}'.";
                        return false;
                    }

                    result = result with { Seconds = seconds };
                    break;
                case "retry-after" when kind == FaultKind.RateLimit:
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var retryAfter) || retryAfter > FaultOptions.MaxHoldLimitSeconds)
                    {
                        error = $"Invalid value for header '{Name}': 'retry-after' must be a whole number of seconds up to 86400, got '{Truncate(text)}'.";
                        return false;
                    }

                    result = result with { RetryAfterSeconds = retryAfter };
                    break;
                default:
                    error = $"Invalid value for header '{Name}': '{Truncate(pair[0])}' is not a parameter of '{kind.Name()}'. " +
                        "Parameters: after=K (disconnect, stream-error, stall, truncated-json), seconds=S (stall, timeout), retry-after=N (429).";
                    return false;
            }
        }

        fault = result;
        return true;
    }

    // Header values are echoed into the error; a client must not be able to make the answer arbitrarily large.
    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
