using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FakeAI.Bench.Client;

/// <summary>
/// One keep-alive HTTP/1.1 connection used by one request at a time: writes a whole request with one send, parses the
/// response head from its own buffer and reads the body by its framing (Content-Length, chunked, or until close).
/// A benchmark client needs only this much of HTTP, and doing only this much is what lets one process keep up with the
/// server (HttpClient's general pipeline cost more CPU per request than the fake server's whole response).
/// </summary>
internal sealed class BenchConnection : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxHeadSize = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private byte[] _writeBuffer = [];
    private byte[] _bodyBuffer = [];
    private int _start;
    private int _end;
    private BodyFraming _framing;
    private long _remaining;
    private bool _chunkCrlfPending;
    private bool _keepAlive = true; // a new connection is idle and usable
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="stream"/> (a socket's <see cref="System.Net.Sockets.NetworkStream"/> owning
    /// the socket, or TLS over it).</summary>
    public BenchConnection(Stream stream)
    {
        _stream = stream;
        Body = new ResponseBodyStream(this);
    }

    private enum BodyFraming
    {
        None,
        ContentLength,
        Chunked,
        UntilClose,
    }

    /// <summary>True once a response was read completely and the server allows another request on this connection.</summary>
    public bool IsReusable => _keepAlive && _framing == BodyFraming.None && !_disposed;

    /// <summary>Set before the first byte of a response arrived: a reused connection the server closed while idle.</summary>
    public bool ReceivedNothing { get; private set; } = true;

    /// <summary>The current response's body as a stream (for the SSE reader).</summary>
    public Stream Body { get; }

    public async ValueTask SendAsync(RequestTemplate template, string requestId, string correlationId, byte[] payload, CancellationToken cancellationToken)
    {
        var size = template.MaxLength(requestId, correlationId, payload.Length);
        if (_writeBuffer.Length < size)
        {
            _writeBuffer = new byte[Math.Max(size, 1024)];
        }

        var length = template.Write(_writeBuffer, requestId, correlationId, payload);
        ReceivedNothing = true;
        await _stream.WriteAsync(_writeBuffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the response head (skipping interim 1xx responses) and sets up the body's framing.</summary>
    public async ValueTask<ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int headLength;
            while ((headLength = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (_end - _start >= MaxHeadSize)
                {
                    throw new IOException($"The response head exceeds {MaxHeadSize} bytes");
                }

                if (await FillAsync(MaxHeadSize, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new IOException(ReceivedNothing
                        ? "The server closed the connection without responding"
                        : "The response ended inside its head");
                }
            }

            var head = ParseHead(_buffer.AsSpan(_start, headLength + 2));
            _start += headLength + 4;
            if (head.StatusCode is >= 100 and < 200 and not 101)
            {
                continue;
            }

            _keepAlive = head.KeepAlive;
            (_framing, _remaining) = head switch
            {
                { StatusCode: 204 or 304 } => (BodyFraming.None, 0L),
                { Chunked: true } => (BodyFraming.Chunked, 0L),
                { ContentLength: 0 } => (BodyFraming.None, 0L),
                { ContentLength: { } length } => (BodyFraming.ContentLength, length),
                _ => (BodyFraming.UntilClose, 0L),
            };
            _chunkCrlfPending = false;
            return head;
        }
    }

    /// <summary>Reads the next bytes of the body into <paramref name="destination"/>; 0 at its end.</summary>
    public async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (_framing)
            {
                case BodyFraming.None:
                    return 0;
                case BodyFraming.ContentLength:
                    {
                        await EnsureBufferedAsync(cancellationToken).ConfigureAwait(false);
                        var count = Take(destination.Span, _remaining);
                        _remaining -= count;
                        if (_remaining == 0)
                        {
                            _framing = BodyFraming.None;
                        }

                        return count;
                    }

                case BodyFraming.UntilClose:
                    if (_start == _end && await FillAsync(_buffer.Length, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        _framing = BodyFraming.None;
                        _keepAlive = false;
                        return 0;
                    }

                    return Take(destination.Span, long.MaxValue);
                default:
                    if (_remaining > 0)
                    {
                        await EnsureBufferedAsync(cancellationToken).ConfigureAwait(false);
                        var count = Take(destination.Span, _remaining);
                        _remaining -= count;
                        _chunkCrlfPending = _remaining == 0;
                        return count;
                    }

                    await ReadChunkHeaderAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Reads the whole body. The memory stays valid until the next request on this connection. A body longer than
    /// <paramref name="maxBytes"/> throws <see cref="InvalidDataException"/> (as soon as its Content-Length says so, else
    /// once that many bytes arrived), so a hostile server cannot make the client buffer without bound.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyToEndAsync(int maxBytes, CancellationToken cancellationToken)
    {
        if (_framing == BodyFraming.ContentLength && _remaining > maxBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the response body ({_remaining} bytes by its Content-Length) exceeds the {maxBytes}-byte limit"));
        }

        if (_framing == BodyFraming.ContentLength && _end - _start >= _remaining)
        {
            // The common case for small JSON answers: the body arrived with the head; parse it in place.
            var body = _buffer.AsMemory(_start, (int)_remaining);
            _start += (int)_remaining;
            _framing = BodyFraming.None;
            return body;
        }

        var length = 0;
        while (true)
        {
            if (_bodyBuffer.Length - length < 4096)
            {
                var wanted = Math.Max(_bodyBuffer.Length * 2, Math.Max(16 * 1024, _framing == BodyFraming.ContentLength ? (int)Math.Min(_remaining + length, int.MaxValue / 2) : 0));
                var grown = new byte[(int)Math.Max(Math.Min(wanted, maxBytes + 4096L), length + 4096L)];
                _bodyBuffer.AsSpan(0, length).CopyTo(grown);
                _bodyBuffer = grown;
            }

            var read = await ReadBodyAsync(_bodyBuffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _bodyBuffer.AsMemory(0, length);
            }

            length += read;
            if (length > maxBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the response body exceeds the {maxBytes}-byte limit"));
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static ResponseHead ParseHead(ReadOnlySpan<byte> head)
    {
        // Status line: HTTP/1.x SP 3DIGIT SP reason CRLF
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new IOException("The server sent an invalid HTTP status line: " + Encoding.Latin1.GetString(statusLine[..Math.Min(statusLine.Length, 64)]));
        }

        var http10 = statusLine[7] == (byte)'0';
        var keepAlive = !http10;
        string? reason = status == 200 ? null : Encoding.Latin1.GetString(statusLine.Length > 13 ? statusLine[13..] : []);
        long? contentLength = null;
        bool chunked = false, eventStream = false;
        string? unexpectedType = null;
        var rest = head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length || parsed < 0)
                {
                    throw new IOException("The server sent an invalid Content-Length");
                }

                contentLength = parsed;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = ContainsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                var semicolon = value.IndexOf((byte)';');
                var mediaType = (semicolon < 0 ? value : value[..semicolon]).Trim(" \t"u8);
                eventStream = Ascii.EqualsIgnoreCase(mediaType, "text/event-stream"u8);
                unexpectedType = eventStream || IsJson(mediaType) ? null : Encoding.Latin1.GetString(mediaType[..Math.Min(mediaType.Length, 100)]);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                keepAlive = ContainsIgnoreCase(value, "close"u8) ? false : http10 ? ContainsIgnoreCase(value, "keep-alive"u8) : keepAlive;
            }
        }

        return new ResponseHead(status, reason, contentLength, chunked, eventStream, keepAlive, unexpectedType);
    }

    /// <summary><c>application/json</c> or any <c>+json</c> suffix type.</summary>
    private static bool IsJson(ReadOnlySpan<byte> mediaType) =>
        Ascii.EqualsIgnoreCase(mediaType, "application/json"u8)
        || (mediaType.Length > 5 && Ascii.EqualsIgnoreCase(mediaType[^5..], "+json"u8));

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Handles the CRLF after a chunk's data, then the next chunk-size line; the last chunk's trailers end the body.</summary>
    private async ValueTask ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        if (_chunkCrlfPending)
        {
            var (_, crlfLength) = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (crlfLength != 0)
            {
                throw new IOException("The server sent an invalid chunk terminator");
            }

            _chunkCrlfPending = false;
        }

        var (offset, length) = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var size = ParseChunkSize(_buffer.AsSpan(offset, length));
        if (size > 0)
        {
            _remaining = size;
            return;
        }

        // Last chunk: skip trailer fields up to the empty line.
        while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length != 0)
        {
        }

        _framing = BodyFraming.None;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || !long.TryParse(Encoding.Latin1.GetString(digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new IOException("The server sent an invalid chunk size");
        }

        return size;
    }

    /// <summary>Returns the next CRLF-terminated line as an offset into the buffer, valid until the next read.</summary>
    private async ValueTask<(int Offset, int Length)> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var offset = _start;
                _start += index + 2;
                return (offset, index);
            }

            if (_end - _start >= MaxHeadSize || await FillAsync(MaxHeadSize, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("The response ended prematurely");
            }
        }
    }

    private async ValueTask EnsureBufferedAsync(CancellationToken cancellationToken)
    {
        if (_start == _end && await FillAsync(_buffer.Length, cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new IOException("The response ended prematurely");
        }
    }

    private int Take(Span<byte> destination, long limit)
    {
        var count = (int)Math.Min(Math.Min(_end - _start, destination.Length), limit);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Reads more bytes after the buffered ones (compacting, or growing up to <paramref name="maxSize"/>); 0 at end of stream.</summary>
    private async ValueTask<int> FillAsync(int maxSize, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            }
            else if (_buffer.Length < maxSize)
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxSize));
                _buffer.AsSpan(0, _end).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }

            _end -= _start;
            _start = 0;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            ReceivedNothing = false;
        }

        _end += read;
        return read;
    }

    /// <summary>The body of the current response as a read-only stream.</summary>
    private sealed class ResponseBodyStream(BenchConnection connection) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            connection.ReadBodyAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            connection.ReadBodyAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // The benchmark reads bodies asynchronously only; a blocking read would stall a thread-pool thread per stream.
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use ReadAsync.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
