using FakeAI.LlamaPeer.Gguf;
using Microsoft.AspNetCore.Builder;

namespace FakeAI.LlamaPeer.Tests;

/// <summary>
/// One peer shared by the HTTP tests: a very small random F16 model (2 layers, 64 wide) written to a temporary directory and
/// served in-process on port 0 with 2 slots, so loading and every stream take milliseconds.
/// </summary>
public sealed class PeerFixture : IAsyncLifetime
{
    public const int Slots = 2;
    public const int SlotContext = 256;

    private readonly string _directory = Directory.CreateTempSubdirectory("llama-peer-").FullName;
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = Path.Combine(_directory, "tiny.gguf");
        TinyLlamaGguf.Write(model, new TinyModelShape(Layers: 2, Embedding: 64, FeedForward: 192, Heads: 4, ContextLength: 512, Half: true), seed: 7);
        _app = await PeerServer.StartAsync(new ServeOptions { ModelPath = model, Slots = Slots, SlotContext = SlotContext, BatchSize = SlotContext }, CancellationToken.None);
        Client = new HttpClient { BaseAddress = PeerServer.Address(_app), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
