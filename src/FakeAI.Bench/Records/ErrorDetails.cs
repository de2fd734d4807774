namespace FakeAI.Bench.Records;

/// <summary>Why a request failed, in aiperf's shape: HTTP status (or 499 for a cancellation, null for an exception), type, message.</summary>
public sealed record ErrorDetails(int? Code, string Type, string Message)
{
    public static ErrorDetails Cancelled(double delaySeconds) =>
        new(499, "RequestCancellationError", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Request was cancelled after {delaySeconds:F3} seconds"));
}
