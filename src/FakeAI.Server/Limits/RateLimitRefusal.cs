namespace FakeAI.Server.Limits;

/// <summary>Why <see cref="RateLimiter"/> refused a request: the limit reached, in which window, and when to retry.</summary>
/// <param name="Scope">The window that is full.</param>
/// <param name="Tokens">True for the tokens-per-minute limit, false for requests per minute.</param>
/// <param name="Limit">The limit per minute.</param>
/// <param name="Used">What the window holds now.</param>
/// <param name="Requested">What this request needs (1 request, or its token estimate).</param>
/// <param name="RetryAfterTicks">Timestamp ticks until the request would fit; <see cref="long.MaxValue"/> when it never can.</param>
internal sealed record RateLimitRefusal(RateLimitScope Scope, bool Tokens, long Limit, long Used, long Requested, long RetryAfterTicks)
{
    /// <summary>The request alone is over the tokens-per-minute limit: no wait makes it fit.</summary>
    public bool TooLarge => RetryAfterTicks == long.MaxValue;
}
