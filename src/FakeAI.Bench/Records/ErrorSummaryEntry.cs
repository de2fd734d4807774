namespace FakeAI.Bench.Records;

/// <summary>How many requests failed with the same error details.</summary>
public sealed record ErrorSummaryEntry(ErrorDetails Details, int Count);
