using System.Buffers;
using System.Diagnostics;

namespace FakeAI.Protocol.Sse;

/// <summary>Reads a response stream to its end, timestamping every read on arrival and feeding it to an <see cref="SseParser"/>.</summary>
public static class SseStreamReader
{
    /// <summary>Returns the timestamp of the last read that delivered bytes (0 if the stream was empty).</summary>
    public static async Task<long> ReadToEndAsync(Stream stream, SseParser parser, ISseEventSink handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parser);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long lastRead = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return lastRead;
                }

                lastRead = Stopwatch.GetTimestamp();
                parser.Feed(buffer.AsSpan(0, read), lastRead, handler);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
