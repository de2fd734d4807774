namespace FakeAI.Bench.Client;

/// <summary>The parts of an HTTP/1.1 response head the client acts on: status, reason (only kept for non-200 answers, which
/// become error details), body framing and whether the connection may carry another request.
/// <see cref="UnexpectedContentType"/> is the Content-Type when it is neither an event stream nor JSON (null otherwise, and
/// when absent): it explains a 200 whose body yielded nothing.</summary>
internal readonly record struct ResponseHead(int StatusCode, string? ReasonPhrase, long? ContentLength, bool Chunked, bool IsEventStream, bool KeepAlive, string? UnexpectedContentType = null);
