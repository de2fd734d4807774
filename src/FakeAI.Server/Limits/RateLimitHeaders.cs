using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Limits;

/// <summary>
/// OpenAI's rate-limit headers, sent on every response of a request the limits checked (admitted or refused):
/// <c>x-ratelimit-limit-requests</c>, <c>x-ratelimit-remaining-requests</c>, <c>x-ratelimit-reset-requests</c> and the
/// same three for tokens, each trio only when its limit is on. Reset times use OpenAI's format (<c>1s</c>, <c>6m0s</c>,
/// <c>20ms</c>).
/// </summary>
internal static class RateLimitHeaders
{
    public const string LimitRequests = "x-ratelimit-limit-requests";
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    public const string ResetRequests = "x-ratelimit-reset-requests";
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    public const string ResetTokens = "x-ratelimit-reset-tokens";

    public static void Write(IHeaderDictionary headers, RateLimitStatus status, long ticksPerSecond)
    {
        if (status.RequestLimit is { } requests)
        {
            headers[LimitRequests] = requests.ToString(CultureInfo.InvariantCulture);
            headers[RemainingRequests] = status.RemainingRequests.ToString(CultureInfo.InvariantCulture);
            headers[ResetRequests] = RateLimitDuration.Format(status.ResetRequestsTicks, ticksPerSecond);
        }

        if (status.TokenLimit is { } tokens)
        {
            headers[LimitTokens] = tokens.ToString(CultureInfo.InvariantCulture);
            headers[RemainingTokens] = status.RemainingTokens.ToString(CultureInfo.InvariantCulture);
            headers[ResetTokens] = RateLimitDuration.Format(status.ResetTokensTicks, ticksPerSecond);
        }
    }
}
