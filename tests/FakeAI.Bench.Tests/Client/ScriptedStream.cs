using System.Text;

namespace FakeAI.Bench.Tests.Client;

/// <summary>An in-memory connection: reads return the scripted pieces one per call (so tests choose the read boundaries),
/// then end of stream; writes are collected.</summary>
internal sealed class ScriptedStream(params string[] pieces) : Stream
{
    private readonly Queue<byte[]> _pieces = new(pieces.Select(p => Encoding.UTF8.GetBytes(p)));
    private readonly MemoryStream _written = new();

    public string Written => Encoding.UTF8.GetString(_written.ToArray());

    public bool Disposed { get; private set; }

    /// <summary>Splits <paramref name="text"/> into reads of <paramref name="size"/> bytes each.</summary>
    public static string[] Split(string text, int size) =>
        [.. Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => text.Substring(i * size, Math.Min(size, text.Length - (i * size))))];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_pieces.TryPeek(out var piece))
        {
            return ValueTask.FromResult(0);
        }

        var count = Math.Min(piece.Length, buffer.Length);
        piece.AsSpan(0, count).CopyTo(buffer.Span);
        _pieces.Dequeue();
        if (count < piece.Length)
        {
            var rest = piece[count..];
            var remaining = new Queue<byte[]>([rest, .. _pieces]);
            _pieces.Clear();
            foreach (var p in remaining)
            {
                _pieces.Enqueue(p);
            }
        }

        return ValueTask.FromResult(count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
