namespace FakeAI.Bench.Client;

/// <summary>An in-memory connection that swallows the request and answers with fixed bytes: the warm-up exchange runs the
/// client's whole send and receive path on it without touching the server.</summary>
internal sealed class CannedResponseStream(byte[] response) : MemoryStream(response, writable: false)
{
    public override bool CanWrite => true;

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
