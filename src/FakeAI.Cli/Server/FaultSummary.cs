using System.Globalization;
using FakeAI.Server.Faults;

namespace FakeAI.Cli.Server;

/// <summary>The start-up line that says faults are on, so nobody benchmarks a server that fails on purpose unawares.</summary>
internal static class FaultSummary
{
    public static string Describe(FaultOptions faults)
    {
        var rates = faults.Rates
            .Where(r => r.Value > 0)
            .OrderBy(r => r.Key)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key.Name()} {r.Value * 100:0.##} %"));
        return string.Create(CultureInfo.InvariantCulture, $"Fault injection on: {string.Join(", ", rates)} of requests (fault seed {faults.Seed}).");
    }
}
