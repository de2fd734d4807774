using System.Diagnostics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests;

/// <summary>Builds records with times given in nanoseconds, independent of the Stopwatch frequency.</summary>
internal static class TestRecords
{
    public static readonly RunClock Clock = new(0, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public static long Ticks(double ns) => (long)Math.Round(ns * Stopwatch.Frequency / 1e9);

    /// <summary>Counts whitespace-separated words, so tests can hand-compute token counts.</summary>
    public static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    public static string Words(int n) => string.Join(' ', Enumerable.Repeat("w", n));

    public static RequestRecord Valid(double startNs, double[] responsesNs, int outputWords, int inputTokens = 10, double? intendedNs = null, int reasoningWords = 0)
    {
        var record = new RequestRecord
        {
            InputTokens = inputTokens,
            StatusCode = 200,
            StartTimestamp = Ticks(startNs),
            IntendedStartTimestamp = Ticks(intendedNs ?? startNs),
            ContentText = Words(outputWords),
            ReasoningText = Words(reasoningWords),
        };
        foreach (var r in responsesNs)
        {
            record.AddResponse(Ticks(r));
        }

        record.EndTimestamp = record.ResponseTimestamps[^1];
        return record;
    }

    public static RequestRecord Failed(double startNs, int inputTokens, ErrorDetails? error)
    {
        var record = new RequestRecord
        {
            InputTokens = inputTokens,
            StatusCode = error?.Code ?? 0,
            StartTimestamp = Ticks(startNs),
            IntendedStartTimestamp = Ticks(startNs),
            EndTimestamp = Ticks(startNs + 10),
            Error = error,
        };
        return record;
    }
}
