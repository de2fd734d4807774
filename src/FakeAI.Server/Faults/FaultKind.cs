namespace FakeAI.Server.Faults;

/// <summary>
/// The faults the server can inject. The first five answer at once with an error status; <see cref="Timeout"/> never
/// answers; the last four break a response that has started (<see cref="FaultKindNames"/> has their wire names).
/// </summary>
public enum FaultKind
{
    /// <summary><c>429</c>: rate limit reached, with Retry-After and OpenAI's x-ratelimit-* headers.</summary>
    RateLimit,

    /// <summary><c>500</c>: server_error.</summary>
    ServerError,

    /// <summary><c>503</c>: the model is overloaded.</summary>
    Overloaded,

    /// <summary><c>400</c>: context_length_exceeded.</summary>
    ContextLength,

    /// <summary><c>401</c>: invalid_api_key.</summary>
    InvalidApiKey,

    /// <summary><c>timeout</c>: no response headers ever; held until the client leaves, the server stops or the hold ends.</summary>
    Timeout,

    /// <summary><c>disconnect</c>: the connection is cut after k tokens.</summary>
    Disconnect,

    /// <summary><c>stream-error</c>: an SSE error event after k tokens, then the stream ends without [DONE].</summary>
    StreamError,

    /// <summary><c>stall</c>: a pause of S seconds after k tokens, then the stream goes on normally.</summary>
    Stall,

    /// <summary><c>truncated-json</c>: after k tokens, half of the next <c>data:</c> line, then the connection closes.</summary>
    TruncatedJson,
}
