using System.Globalization;
using FakeAI.Server;
using FakeAI.Server.Faults;

namespace FakeAI.Cli.Server;

/// <summary>The fault injection flags of <c>fakeai server</c>; null or empty means "not given".</summary>
internal sealed record FaultArguments
{
    /// <summary><c>--fault-rates</c> values, each <c>TYPE=RATE[,TYPE=RATE...]</c>; later entries win per type.</summary>
    public IReadOnlyList<string> Rates { get; init; } = [];

    public long? Seed { get; init; }

    public int? After { get; init; }

    public double? StallSeconds { get; init; }

    public double? MaxHoldSeconds { get; init; }

    public int? RetryAfterSeconds { get; init; }

    /// <summary>Copies the given values onto <paramref name="options"/>; range checks are left to <see cref="FaultOptions.Validate"/>.</summary>
    public void ApplyTo(FakeAIServerOptions options, List<string> errors)
    {
        var faults = options.Faults;
        foreach (var rates in Rates)
        {
            FaultOptions.ParseRates(rates, "--fault-rates", faults.Rates, errors);
        }

        faults.Seed = Seed ?? faults.Seed;
        faults.AfterTokens = After ?? faults.AfterTokens;
        faults.StallSeconds = StallSeconds ?? faults.StallSeconds;
        faults.MaxHoldSeconds = MaxHoldSeconds ?? faults.MaxHoldSeconds;
        faults.RetryAfterSeconds = RetryAfterSeconds ?? faults.RetryAfterSeconds;
    }

    /// <summary>Applies the <c>FAKEAI_FAULT_*</c> variables (<paramref name="get"/> returns null for unset ones).</summary>
    public static void ApplyEnvironment(FaultOptions faults, Func<string, string?> get, List<string> errors)
    {
        if (get("FAKEAI_FAULT_RATES") is { } rates)
        {
            FaultOptions.ParseRates(rates, "FAKEAI_FAULT_RATES", faults.Rates, errors);
        }

        if (get("FAKEAI_FAULT_SEED") is { } seed)
        {
            if (long.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                faults.Seed = value;
            }
            else
            {
                errors.Add($"FAKEAI_FAULT_SEED: '{seed}' is not an integer");
            }
        }

        IntegerSetting.Apply(get("FAKEAI_FAULT_AFTER"), "FAKEAI_FAULT_AFTER", v => faults.AfterTokens = v, errors);

        SetSeconds(get("FAKEAI_FAULT_STALL_SECONDS"), "FAKEAI_FAULT_STALL_SECONDS", v => faults.StallSeconds = v, errors);
        SetSeconds(get("FAKEAI_FAULT_MAX_HOLD"), "FAKEAI_FAULT_MAX_HOLD", v => faults.MaxHoldSeconds = v, errors);
        if (get("FAKEAI_FAULT_RETRY_AFTER") is { } retry)
        {
            if (int.TryParse(retry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                faults.RetryAfterSeconds = value;
            }
            else
            {
                errors.Add($"FAKEAI_FAULT_RETRY_AFTER: '{retry}' is not a whole number of seconds");
            }
        }
    }

    private static void SetSeconds(string? text, string where, Action<double> set, List<string> errors)
    {
        if (text is null)
        {
            return;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            errors.Add($"{where}: '{text}' is not a number of seconds");
        }
    }
}
