using System.Globalization;

namespace FakeAI.Reports.Calibration;

/// <summary>The verify table's cells, the same on the console and in the Markdown report: <c>real / twin (error)</c>.</summary>
internal static class TwinFormat
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "Clients", "Prompt",
        "TTFT p50 ms: real / twin (error)",
        "TTFT p90 ms: real / twin (error)",
        "ITL avg ms: real / twin (error)",
        "Requests/s: real / twin (error)",
        "Output tokens/s: real / twin (error)",
    ];

    public static IReadOnlyList<string> Row(TwinCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var (real, twin, error) = (cell.Real, cell.Twin, cell.Error);
        return
        [
            cell.Concurrency.ToString(CultureInfo.InvariantCulture),
            cell.PromptTokens.ToString(CultureInfo.InvariantCulture),
            Cell(real.TtftP50Ms, twin.TtftP50Ms, error.TtftP50),
            Cell(real.TtftP90Ms, twin.TtftP90Ms, error.TtftP90),
            Cell(real.ItlAvgMs, twin.ItlAvgMs, error.ItlAvg),
            Cell(real.RequestsPerSecond, twin.RequestsPerSecond, error.RequestThroughput),
            Cell(real.OutputTokensPerSecond, twin.OutputTokensPerSecond, error.OutputTokenThroughput),
        ];
    }

    /// <summary>"concurrency 8, prompt 512: TTFT p90 +23.4%".</summary>
    public static string Worst(TwinCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return string.Create(CultureInfo.InvariantCulture, $"concurrency {cell.Concurrency}, prompt {cell.PromptTokens}: {cell.Worst.Name} {Percent(cell.Worst.Value)}");
    }

    public static string Percent(double error) => error.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    /// <summary>"12.34 / 13.00 (+5.3%)": a measured figure beside the twin's, with the twin's relative error.</summary>
    public static string Cell(double real, double twin, double error) =>
        string.Create(CultureInfo.InvariantCulture, $"{real:0.00} / {twin:0.00} ({Percent(error)})");
}
