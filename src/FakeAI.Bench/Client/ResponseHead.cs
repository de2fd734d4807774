namespace FakeAI.Bench.Client;

/// <summary>The parts of an HTTP/1.1 response head the client acts on: status, reason (only kept for non-200 answers, which
/// become error details), body framing, whether the connection may carry another request, and the value of the one header
/// the run asked to record (null when not asked for or absent).</summary>
internal readonly record struct ResponseHead(int StatusCode, string? ReasonPhrase, long? ContentLength, bool Chunked, bool IsEventStream, bool KeepAlive, string? RecordedHeader = null);
