namespace FakeAI.Server.Limits;

/// <summary>Whose window a rate limit was reached in.</summary>
internal enum RateLimitScope
{
    /// <summary>The API key's window (one shared window when the server has no API keys).</summary>
    ApiKey,

    /// <summary>The model's window, summed over every key.</summary>
    Model,
}
