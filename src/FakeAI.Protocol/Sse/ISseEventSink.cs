namespace FakeAI.Protocol.Sse;

/// <summary>Receives each dispatched server-sent event from <see cref="SseParser"/>.</summary>
public interface ISseEventSink
{
    /// <summary>
    /// Called once per event. <paramref name="data"/> holds the event's <c>data</c> lines joined with <c>\n</c> and is only
    /// valid during the call; <paramref name="firstByteTimestamp"/> is the <c>Stopwatch</c> timestamp of the read that
    /// delivered the event's first byte.
    /// </summary>
    void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp);
}
