using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FakeAI.Protocol.Sse;

/// <summary>
/// Server-sent-events framing as OpenAI uses it: every event is one <c>data: &lt;json&gt;\n\n</c> line, and the stream ends
/// with <c>data: [DONE]\n\n</c>. Writes go straight into a buffer writer so the hot path copies bytes only.
/// </summary>
public static class SseFraming
{
    /// <summary>The bytes that open an event.</summary>
    public static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    /// <summary>The bytes that close an event.</summary>
    public static ReadOnlySpan<byte> EventTerminator => "\n\n"u8;

    /// <summary>The terminating event of an OpenAI stream.</summary>
    public static ReadOnlySpan<byte> DoneEvent => "data: [DONE]\n\n"u8;

    /// <summary>Writes <c>data: {payload}\n\n</c>.</summary>
    public static void WriteEvent(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var length = DataPrefix.Length + payload.Length + EventTerminator.Length;
        var span = writer.GetSpan(length);
        DataPrefix.CopyTo(span);
        payload.CopyTo(span[DataPrefix.Length..]);
        EventTerminator.CopyTo(span[(DataPrefix.Length + payload.Length)..]);
        writer.Advance(length);
    }

    /// <summary>Serializes <paramref name="value"/> with the source-generated <paramref name="typeInfo"/> as one event.</summary>
    public static void WriteJsonEvent<T>(IBufferWriter<byte> writer, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }

        writer.Write(EventTerminator);
    }

    /// <summary>Writes <c>data: [DONE]\n\n</c>.</summary>
    public static void WriteDone(IBufferWriter<byte> writer) => writer.Write(DoneEvent);
}
