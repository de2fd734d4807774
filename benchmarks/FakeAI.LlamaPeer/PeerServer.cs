using FakeAI.LlamaPeer.Http;
using LLama.Native;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FakeAI.LlamaPeer;

/// <summary>
/// The peer's web application: loads the model, starts the engine and maps the OpenAI routes, /metrics and /health.
/// Started by <c>serve</c> and, in-process on port 0, by the tests.
/// </summary>
internal static class PeerServer
{
    public static async Task<WebApplication> StartAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // llama.cpp logs every loaded tensor at Info; only its warnings and errors are worth a line.
        builder.Logging.AddFilter("LLama", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => LoadedModel.Load(options, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<Generation>();

        var app = builder.Build();
        NativeLogConfig.llama_log_set(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LLama.Native"));
        _ = app.Services.GetRequiredService<LoadedModel>();
        app.MapPost("/v1/chat/completions", ChatEndpoint.HandleAsync);
        app.MapPost("/v1/completions", CompletionEndpoint.HandleAsync);
        app.MapGet("/metrics", MetricsEndpoint.Handle);
        app.MapGet("/health", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
