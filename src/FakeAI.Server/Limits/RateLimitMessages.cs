using System.Globalization;

namespace FakeAI.Server.Limits;

/// <summary>
/// The messages of OpenAI's 429s, without the organization (there is none) but naming the window that is full:
/// "Rate limit reached for gpt-4o on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 1.2s."
/// and, for a request that alone exceeds the token limit, "Request too large for gpt-4o on tokens per min (TPM): Limit
/// 30000, Requested 50000. The input or output tokens must be reduced in order to run successfully."
/// </summary>
internal static class RateLimitMessages
{
    /// <param name="refusal">The refusal.</param>
    /// <param name="name">The model id or the presented API key, whichever window is full.</param>
    /// <param name="keyed">Whether the server has API keys (without, every request shares one key window).</param>
    /// <param name="ticksPerSecond">Timestamp frequency of the refusal's ticks.</param>
    public static string Describe(RateLimitRefusal refusal, string name, bool keyed, long ticksPerSecond)
    {
        var subject = refusal.Scope switch
        {
            RateLimitScope.Model => name,
            _ when keyed => "API key " + Mask(name),
            _ => "all clients (the server has no API keys)",
        };
        var limit = refusal.Tokens ? "tokens per min (TPM)" : "requests per min (RPM)";
        return refusal.TooLarge
            ? Invariant($"Request too large for {subject} on {limit}: Limit {refusal.Limit}, Requested {refusal.Requested}. The input or output tokens must be reduced in order to run successfully.")
            : Invariant($"Rate limit reached for {subject} on {limit}: Limit {refusal.Limit}, Used {refusal.Used}, Requested {refusal.Requested}. Please try again in {RateLimitDuration.Format(refusal.RetryAfterTicks, ticksPerSecond)}.");
    }

    /// <summary>Enough of a key to tell which one it is, as OpenAI's messages show them (<c>sk-***abcd</c>).</summary>
    internal static string Mask(string key) => key.Length <= 8 ? new string('*', key.Length) : key[..3] + "***" + key[^4..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
