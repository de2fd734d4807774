using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>Writes a JSON body with a Content-Length straight into the response pipe (no stream adapter, one flush).</summary>
internal static class JsonResponse
{
    private const int RetainedBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();

        var response = context.Response;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > RetainedBufferBytes)
        {
            // One large body must not keep its buffer alive on this thread for the life of the process.
            t_buffer = null;
            t_writer = null;
        }

        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
