using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FakeAI.Server.Streaming;

/// <summary>
/// A named SSE event for one token whose JSON ends with its <c>sequence_number</c> (the Responses API's deltas):
/// <c>event: type\ndata: {...,"delta":</c> + token + <c>,...,"sequence_number":</c> + n + <c>}\n\n</c>. Like
/// <see cref="ChunkTemplate"/> it comes from serializing the real event type once with a sentinel, so the hot path copies
/// bytes and formats one integer, and still writes exactly what the source-generated serializer would.
/// </summary>
internal sealed class SequencedEventTemplate
{
    private static readonly byte[] SentinelJson = JsonSerializer.SerializeToUtf8Bytes(ChunkTemplate.Sentinel, Protocol.Json.ProtocolJsonContext.Default.String);
    private static ReadOnlySpan<byte> NumberTail => "0}"u8;
    private static ReadOnlySpan<byte> Tail => "}\n\n"u8;

    private readonly byte[] _prefix;
    private readonly byte[] _middle;

    private SequencedEventTemplate(byte[] prefix, byte[] middle)
    {
        _prefix = prefix;
        _middle = middle;
    }

    /// <summary>
    /// Serializes <paramref name="value"/> (carrying <see cref="ChunkTemplate.Sentinel"/> once and a sequence number of 0
    /// as its last field) and splits it at both.
    /// </summary>
    public static SequencedEventTemplate Create<T>(string eventType, T value, JsonTypeInfo<T> typeInfo)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var at = json.AsSpan().IndexOf(SentinelJson);
        if (at < 0 || !json.AsSpan().EndsWith(NumberTail))
        {
            throw new InvalidOperationException("The event does not carry the sentinel, or does not end with its sequence number.");
        }

        var name = System.Text.Encoding.UTF8.GetBytes("event: " + eventType + "\n");
        var prefix = new byte[name.Length + Protocol.Sse.SseFraming.DataPrefix.Length + at];
        name.CopyTo(prefix, 0);
        Protocol.Sse.SseFraming.DataPrefix.CopyTo(prefix.AsSpan(name.Length));
        json.AsSpan(0, at).CopyTo(prefix.AsSpan(name.Length + Protocol.Sse.SseFraming.DataPrefix.Length));
        var middle = json.AsSpan(at + SentinelJson.Length, json.Length - at - SentinelJson.Length - NumberTail.Length).ToArray();
        return new SequencedEventTemplate(prefix, middle);
    }

    /// <summary>Writes the event for a token whose JSON string form is <paramref name="tokenJson"/>, numbered <paramref name="sequenceNumber"/>.</summary>
    public void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> tokenJson, long sequenceNumber)
    {
        const int MaxNumberBytes = 20;
        var length = _prefix.Length + tokenJson.Length + _middle.Length + MaxNumberBytes + Tail.Length;
        var span = writer.GetSpan(length);
        _prefix.CopyTo(span);
        var at = _prefix.Length;
        tokenJson.CopyTo(span[at..]);
        at += tokenJson.Length;
        _middle.CopyTo(span[at..]);
        at += _middle.Length;
        Utf8Formatter.TryFormat(sequenceNumber, span[at..], out var written);
        at += written;
        Tail.CopyTo(span[at..]);
        writer.Advance(at + Tail.Length);
    }
}
