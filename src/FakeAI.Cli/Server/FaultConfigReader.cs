using System.Text.Json;
using FakeAI.Server.Faults;

namespace FakeAI.Cli.Server;

/// <summary>
/// Reads the <c>"faults"</c> object of <c>fakeai.json</c>:
/// <c>{"rates": {"429": 0.05} or "429=0.05", "seed": 42, "after": 5, "stallSeconds": 2, "maxHoldSeconds": 120, "retryAfterSeconds": 1}</c>.
/// </summary>
internal static class FaultConfigReader
{
    /// <summary>False when the value is not an object (the caller reports the wrong type); other problems go to <paramref name="errors"/>.</summary>
    public static bool Apply(JsonElement value, string where, FaultOptions faults, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in value.EnumerateObject())
        {
            var at = $"{where}.{property.Name}";
            var v = property.Value;
            var typed = property.Name switch
            {
                "rates" => Rates(v, at, faults, errors),
                "seed" => Set(v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _), () => faults.Seed = v.GetInt64()),
                "after" => Set(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _), () => faults.AfterTokens = v.GetInt32()),
                "stallSeconds" => Set(v.ValueKind == JsonValueKind.Number, () => faults.StallSeconds = v.GetDouble()),
                "maxHoldSeconds" => Set(v.ValueKind == JsonValueKind.Number, () => faults.MaxHoldSeconds = v.GetDouble()),
                "retryAfterSeconds" => Set(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _), () => faults.RetryAfterSeconds = v.GetInt32()),
                _ => (bool?)null,
            };
            if (typed is null)
            {
                errors.Add($"{at} is not a known setting (known: rates, seed, after, stallSeconds, maxHoldSeconds, retryAfterSeconds)");
            }
            else if (typed == false)
            {
                errors.Add($"{at} has the wrong type ({v.ValueKind.ToString().ToLowerInvariant()})");
            }
        }

        return true;
    }

    private static bool? Rates(JsonElement value, string where, FaultOptions faults, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            FaultOptions.ParseRates(value.GetString()!, where, faults.Rates, errors);
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var rate in value.EnumerateObject())
        {
            if (!FaultKindNames.TryParse(rate.Name, out var kind))
            {
                errors.Add($"{where}: unknown fault type '{rate.Name}' (known: {string.Join(", ", FaultKindNames.All)})");
            }
            else if (rate.Value.ValueKind != JsonValueKind.Number)
            {
                errors.Add($"{where}.{rate.Name} has the wrong type ({rate.Value.ValueKind.ToString().ToLowerInvariant()})");
            }
            else
            {
                faults.Rates[kind] = rate.Value.GetDouble();
            }
        }

        return true;
    }

    private static bool? Set(bool typed, Action apply)
    {
        if (typed)
        {
            apply();
        }

        return typed;
    }
}
