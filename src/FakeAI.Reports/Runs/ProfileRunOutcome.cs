using FakeAI.Bench;

namespace FakeAI.Reports.Runs;

/// <summary>
/// One engine run as a suite sees it: the result when the engine returned one (even a cancelled or all-failed run), or
/// the error that stopped it. <see cref="Success"/> needs a result, no cancellation and at least one successful request.
/// </summary>
public sealed record ProfileRunOutcome(ProfileResult? Result, string? Error, double ElapsedSeconds)
{
    public bool Success => Error is null && Result is { WasCancelled: false, SuccessCount: > 0 };

    /// <summary>Why the run counts as failed, or <see langword="null"/> when it succeeded.</summary>
    public string? FailureReason => Error
        ?? (Result is null ? "no result"
            : Result.WasCancelled ? "cancelled"
            : Result.SuccessCount == 0 ? $"all {Result.Records.Count} requests failed" + FirstError(Result)
            : null);

    private static string FirstError(ProfileResult result) =>
        result.ErrorSummary.Count > 0 ? $" (first: {result.ErrorSummary[0].Details.Type}: {result.ErrorSummary[0].Details.Message})" : string.Empty;
}
