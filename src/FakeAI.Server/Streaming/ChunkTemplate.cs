using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FakeAI.Protocol.Sse;

namespace FakeAI.Server.Streaming;

/// <summary>
/// A complete SSE event for one token, split around the token's JSON string: <c>data: {...,"content":</c> + token +
/// <c>},...}\n\n</c>. It is produced by serializing the real chunk type once per response with a sentinel value, so the
/// hot path only copies bytes and still writes exactly what the source-generated serializer would.
/// </summary>
internal sealed class ChunkTemplate
{
    /// <summary>A value no request or vocabulary can contain; its JSON form marks where the token goes.</summary>
    public const string Sentinel = "\u0001";

    private static readonly byte[] SentinelJson = JsonSerializer.SerializeToUtf8Bytes(Sentinel, Protocol.Json.ProtocolJsonContext.Default.String);

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;

    private ChunkTemplate(byte[] prefix, byte[] suffix)
    {
        _prefix = prefix;
        _suffix = suffix;
    }

    /// <summary>
    /// Serializes <paramref name="chunk"/> (which carries <see cref="Sentinel"/> exactly once) and splits it there; a named
    /// event (<paramref name="eventName"/>, as Anthropic's streams use) gets its <c>event:</c> line first.
    /// </summary>
    public static ChunkTemplate Create<T>(T chunk, JsonTypeInfo<T> typeInfo, string? eventName = null)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(chunk, typeInfo);
        var at = json.AsSpan().IndexOf(SentinelJson);
        if (at < 0)
        {
            throw new InvalidOperationException("The chunk does not carry the sentinel.");
        }

        var eventLine = eventName is null ? [] : System.Text.Encoding.UTF8.GetBytes("event: " + eventName + "\n");
        var prefix = new byte[eventLine.Length + SseFraming.DataPrefix.Length + at];
        eventLine.CopyTo(prefix, 0);
        SseFraming.DataPrefix.CopyTo(prefix.AsSpan(eventLine.Length));
        json.AsSpan(0, at).CopyTo(prefix.AsSpan(eventLine.Length + SseFraming.DataPrefix.Length));
        var rest = json.AsSpan(at + SentinelJson.Length);
        var suffix = new byte[rest.Length + SseFraming.EventTerminator.Length];
        rest.CopyTo(suffix);
        SseFraming.EventTerminator.CopyTo(suffix.AsSpan(rest.Length));
        return new ChunkTemplate(prefix, suffix);
    }

    /// <summary>Writes the event for a token whose JSON string form is <paramref name="tokenJson"/>.</summary>
    public void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> tokenJson)
    {
        var length = _prefix.Length + tokenJson.Length + _suffix.Length;
        var span = writer.GetSpan(length);
        _prefix.CopyTo(span);
        tokenJson.CopyTo(span[_prefix.Length..]);
        _suffix.CopyTo(span[(_prefix.Length + tokenJson.Length)..]);
        writer.Advance(length);
    }
}
