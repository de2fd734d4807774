namespace FakeAI.Reports.Benchmarks;

/// <summary>A FakeAI server started in this process for one comparison run; disposing it stops the server.</summary>
public sealed record EmbeddedServerLease(Uri Url, IAsyncDisposable Server) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
