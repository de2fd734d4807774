using System.Globalization;

namespace FakeAI.Server.Faults;

/// <summary>
/// Injected failures (docs/server.md, "Fault injection"): a probability per <see cref="FaultKind"/>, drawn per request
/// from <see cref="Seed"/> and the request's arrival number, plus the knobs of the faults that take any. All rates 0
/// (the default) injects nothing unless a request asks with the <c>X-FakeAI-Fault</c> header.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Longest hold the options accept: a day.</summary>
    public const double MaxHoldLimitSeconds = 86_400;

    /// <summary>Probability (0-1) that a request gets each fault; the rates together must not exceed 1. Empty by default.</summary>
    public IDictionary<FaultKind, double> Rates { get; set; } = new Dictionary<FaultKind, double>();

    /// <summary>Seed of the per-request draws: the same seed and rates give the n-th request the same fault. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Tokens a mid-stream fault lets through before it strikes; null (default) draws k uniformly from 0 to the
    /// response's output length − 1, from <see cref="Seed"/>.
    /// </summary>
    public int? AfterTokens { get; set; }

    /// <summary>Length of a <see cref="FaultKind.Stall"/> pause in seconds. Default 5.</summary>
    public double StallSeconds { get; set; } = 5;

    /// <summary>
    /// Longest a <see cref="FaultKind.Timeout"/> holds a request before the server closes the connection, and the most a
    /// header's <c>seconds=</c> may ask for. Default 600.
    /// </summary>
    public double MaxHoldSeconds { get; set; } = 600;

    /// <summary>The <c>Retry-After</c> seconds of an injected 429 (also its x-ratelimit-reset-requests). Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Whether any rate is above 0 (otherwise requests without the header pay nothing).</summary>
    public bool AnyRate => Rates.Values.Any(r => r > 0);

    /// <summary>The rate of <paramref name="kind"/> (0 when unset).</summary>
    public double Rate(FaultKind kind) => Rates.TryGetValue(kind, out var rate) ? rate : 0;

    /// <summary>All problems with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var sum = 0.0;
        foreach (var (kind, rate) in Rates.OrderBy(r => r.Key))
        {
            if (!Enum.IsDefined(kind))
            {
                errors.Add("fault-rates: unknown fault type");
            }
            else if (!double.IsFinite(rate) || rate is < 0 or > 1)
            {
                errors.Add($"fault-rates: the rate of '{kind.Name()}' is {Format(rate)}, outside 0-1");
            }
            else
            {
                sum += rate;
            }
        }

        // One draw picks at most one fault per request, so the rates share the unit interval.
        if (sum > 1 + 1e-9)
        {
            errors.Add($"fault-rates: the rates add up to {Format(sum)}, more than 1");
        }

        if (AfterTokens < 0)
        {
            errors.Add("fault-after: must not be negative");
        }

        if (!double.IsFinite(MaxHoldSeconds) || MaxHoldSeconds <= 0 || MaxHoldSeconds > MaxHoldLimitSeconds)
        {
            errors.Add($"fault-max-hold: {Format(MaxHoldSeconds)} s is outside (0, {Format(MaxHoldLimitSeconds)}] seconds");
        }
        else if (!double.IsFinite(StallSeconds) || StallSeconds <= 0 || StallSeconds > MaxHoldSeconds)
        {
            errors.Add($"fault-stall-seconds: {Format(StallSeconds)} s is outside (0, {Format(MaxHoldSeconds)}] (at most fault-max-hold)");
        }

        if (RetryAfterSeconds is < 0 or > (int)MaxHoldLimitSeconds)
        {
            errors.Add($"fault-retry-after: {RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)} is outside 0-86400 seconds");
        }

        return errors;
    }

    /// <summary>
    /// Parses <c>TYPE=RATE[,TYPE=RATE...]</c> (e.g. <c>429=0.05,disconnect=0.01</c>) into <paramref name="rates"/>;
    /// reports every bad entry into <paramref name="errors"/> prefixed with <paramref name="where"/>.
    /// </summary>
    public static void ParseRates(string text, string where, IDictionary<FaultKind, double> rates, List<string> errors)
    {
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                errors.Add($"{where}: '{entry}' is not TYPE=RATE");
                continue;
            }

            var known = FaultKindNames.TryParse(parts[0], out var kind);
            var number = double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate);
            if (!known)
            {
                errors.Add($"{where}: unknown fault type '{parts[0]}' (known: {string.Join(", ", FaultKindNames.All)})");
            }
            else if (!number)
            {
                errors.Add($"{where}: the rate of '{parts[0]}' ('{parts[1]}') is not a number");
            }
            else
            {
                rates[kind] = rate;
            }
        }
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
