using System.Buffers;
using System.Globalization;

namespace FakeAI.Protocol.Sse;

/// <summary>
/// Incremental server-sent-events parser (WHATWG framing) over raw bytes: events may be split across reads at any byte,
/// lines end in CRLF, CR or LF (a CRLF split between two reads counts once), <c>:</c> lines are comments, several
/// <c>data</c> lines are joined with <c>\n</c>. It never decodes text, so invalid UTF-8 passes through to the handler
/// untouched. Each event carries the timestamp of the read that delivered its first byte, which is what TTFT and
/// inter-chunk latency are measured against. Buffers are reused, so steady-state parsing does not allocate. Optional
/// limits on a line's and an event's size make a hostile stream (e.g. one endless line) fail with
/// <see cref="InvalidDataException"/> instead of growing the buffers without bound.
/// </summary>
public sealed class SseParser : IDisposable
{
    private static ReadOnlySpan<byte> DataField => "data"u8;

    private static ReadOnlySpan<byte> EventField => "event"u8;

    private readonly GrowableBuffer _line = new(256);
    private readonly GrowableBuffer _data = new(1024);
    private readonly GrowableBuffer _eventType = new(32);
    private bool _skipLeadingLineFeed;
    private bool _eventStarted;
    private bool _hasData;
    private long _eventStartTimestamp;

    /// <summary>A parser without size limits (for trusted streams).</summary>
    public SseParser()
        : this(int.MaxValue, int.MaxValue)
    {
    }

    /// <summary>A parser that throws <see cref="InvalidDataException"/> for a line longer than <paramref name="maxLineBytes"/>
    /// or an event whose data exceeds <paramref name="maxEventBytes"/>.</summary>
    public SseParser(int maxLineBytes, int maxEventBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 1);
        MaxLineBytes = maxLineBytes;
        MaxEventBytes = maxEventBytes;
    }

    public int MaxLineBytes { get; }

    public int MaxEventBytes { get; }

    /// <summary>Parses one read's bytes, dispatching every completed event to <paramref name="handler"/>.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, long timestamp, ISseEventSink handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_skipLeadingLineFeed && chunk.Length > 0)
        {
            _skipLeadingLineFeed = false;
            if (chunk[0] == (byte)'\n')
            {
                chunk = chunk[1..];
            }
        }

        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                MarkEventStart(timestamp);
                CheckLine(_line.Length + chunk.Length);
                _line.Append(chunk);
                return;
            }

            CheckLine(_line.Length + end);
            if (end > 0 || _line.Length > 0)
            {
                MarkEventStart(timestamp);
            }

            if (_line.Length > 0)
            {
                _line.Append(chunk[..end]);
                ProcessLine(_line.Span, handler);
                _line.Clear();
            }
            else
            {
                ProcessLine(chunk[..end], handler);
            }

            var consumed = end + 1;
            if (chunk[end] == (byte)'\r')
            {
                if (consumed < chunk.Length)
                {
                    if (chunk[consumed] == (byte)'\n')
                    {
                        consumed++;
                    }
                }
                else
                {
                    _skipLeadingLineFeed = true;
                }
            }

            chunk = chunk[consumed..];
        }
    }

    /// <summary>Forgets any partial event, e.g. before reusing the parser for another response.</summary>
    public void Reset()
    {
        _line.Clear();
        _data.Clear();
        _eventType.Clear();
        _skipLeadingLineFeed = false;
        _eventStarted = false;
        _hasData = false;
    }

    public void Dispose()
    {
        _line.Dispose();
        _data.Dispose();
        _eventType.Dispose();
    }

    private void MarkEventStart(long timestamp)
    {
        if (!_eventStarted)
        {
            _eventStarted = true;
            _eventStartTimestamp = timestamp;
        }
    }

    private void CheckLine(int length)
    {
        if (length > MaxLineBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"an SSE line exceeds the {MaxLineBytes}-byte limit"));
        }
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ISseEventSink handler)
    {
        if (line.IsEmpty)
        {
            if (_hasData)
            {
                handler.OnEvent(_eventType.Span, _data.Span, _eventStartTimestamp);
            }

            _data.Clear();
            _eventType.Clear();
            _hasData = false;
            _eventStarted = false;
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field;
        ReadOnlySpan<byte> value;
        if (colon < 0)
        {
            field = line;
            value = default;
        }
        else
        {
            field = line[..colon];
            value = line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }
        }

        if (field.SequenceEqual(DataField))
        {
            if (_data.Length + value.Length + (_hasData ? 1 : 0) > MaxEventBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"an SSE event's data exceeds the {MaxEventBytes}-byte limit"));
            }

            if (_hasData)
            {
                _data.Append("\n"u8);
            }

            _data.Append(value);
            _hasData = true;
        }
        else if (field.SequenceEqual(EventField))
        {
            _eventType.Clear();
            _eventType.Append(value);
        }

        // id and retry do not affect a benchmark client; unknown fields are ignored per the specification.
    }

    /// <summary>A pooled byte buffer that only grows.</summary>
    private sealed class GrowableBuffer(int initialCapacity) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + bytes.Length));
                _buffer.AsSpan(0, Length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public void Clear() => Length = 0;

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            Length = 0;
        }
    }
}
