using System.Net.Http.Headers;

namespace FakeAI.Server.Tests.Hostile;

/// <summary>One server (with an API key) shared by every hostile case, so the suite runs in seconds.</summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    public const string Key = "sk-hostile";

    public FakeAIServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServers.StartAsync(o =>
        {
            o.ApiKeys = [Key];
            o.MaxRequestBodyBytes = 4 * 1024 * 1024;
        });
        Client = TestServers.Client(Server);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
