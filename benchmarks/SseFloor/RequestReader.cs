using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SseFloor;

/// <summary>Reads one HTTP/1.1 request (head and Content-Length body) and hands its stream to the sender.</summary>
internal static class RequestReader
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private const string ContentLength = "content-length:";
    private static readonly byte[] MaxTokens = "\"max_tokens\":"u8.ToArray();

    public static async Task ReadNextAsync(Socket socket, FloorSender sender)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    socket.Dispose();
                    return;
                }

                filled += read;
                if (TryParse(buffer.AsSpan(0, filled), out var tokens))
                {
                    sender.Add(new FloorStream(socket, Stopwatch.GetTimestamp(), tokens));
                    return;
                }
            }
        }
        catch (SocketException)
        {
            socket.Dispose();
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> request, out int tokens)
    {
        tokens = 0;
        var headEnd = request.IndexOf(HeadEnd);
        if (headEnd < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(request[..headEnd]).ToLowerInvariant();
        var at = head.IndexOf(ContentLength, StringComparison.Ordinal);
        var length = 0;
        if (at >= 0)
        {
            var value = head[(at + ContentLength.Length)..];
            var lineEnd = value.IndexOf('\r', StringComparison.Ordinal);
            length = int.Parse(lineEnd < 0 ? value : value[..lineEnd], System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = request[(headEnd + HeadEnd.Length)..];
        if (body.Length < length)
        {
            return false;
        }

        var key = body.IndexOf(MaxTokens);
        tokens = key >= 0 && Utf8Parser.TryParse(body[(key + MaxTokens.Length)..].TrimStart((byte)' '), out int parsed, out _) ? parsed : 16;
        return true;
    }
}
