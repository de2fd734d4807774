namespace FakeAI.Server.Limits;

/// <summary>
/// What the <c>x-ratelimit-*</c> headers report: per dimension the limit, what remains in the tighter of the request's
/// two windows (its API key's and its model's), and the time until that window is empty again. A dimension whose limit
/// is off has a null limit.
/// </summary>
internal readonly record struct RateLimitStatus(
    int? RequestLimit,
    long RemainingRequests,
    long ResetRequestsTicks,
    int? TokenLimit,
    long RemainingTokens,
    long ResetTokensTicks);
