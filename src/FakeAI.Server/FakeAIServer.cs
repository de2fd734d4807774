using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FakeAI.Server.Endpoints;
using FakeAI.Server.Http;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FakeAI.Server;

/// <summary>
/// The fake OpenAI-compatible server: the one composition root used by <c>fakeai server</c>, the tests and embedded
/// runs. Start it with <see cref="StartAsync(FakeAIServerOptions, CancellationToken)"/>, read <see cref="Url"/>, dispose
/// it to stop.
/// </summary>
public sealed class FakeAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenScheduler _scheduler;
    private int _stopped;

    private FakeAIServer(WebApplication app, ServerState state, Uri url)
    {
        _app = app;
        State = state;
        _scheduler = state.Scheduler;
        Url = url;
    }

    /// <summary>The bound URL, e.g. <c>http://127.0.0.1:41234</c> (the real port when the options asked for port 0).</summary>
    public Uri Url { get; }

    /// <summary>The options the server runs with.</summary>
    public FakeAIServerOptions Options => State.Options;

    /// <summary>Requests being generated right now (the <c>vllm:num_requests_running</c> gauge).</summary>
    public int RunningRequests => (int)State.Metrics.RunningRequests;

    /// <summary>
    /// Whether the thread that releases tokens runs above normal CPU priority (on Linux this needs root or
    /// <c>CAP_SYS_NICE</c>). Without it, tokens can leave late when the CPU is saturated.
    /// </summary>
    public bool SchedulerAtRaisedPriority => _scheduler.RunsAtRaisedPriority;

    internal ServerState State { get; }

    /// <summary>Starts a server; throws <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public static Task<FakeAIServer> StartAsync(FakeAIServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, loggerFactory: null, timeProvider: null, cancellationToken);

    /// <summary>Starts a server with logging and a clock of the caller's choosing (both optional).</summary>
    public static async Task<FakeAIServer> StartAsync(
        FakeAIServerOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid server options: " + string.Join("; ", errors), nameof(options));
        }

        if (options.WarmUp)
        {
            await Warmup.ServerWarmup.EnsureProcessWarmAsync(cancellationToken);
        }

        var time = timeProvider ?? TimeProvider.System;
        var certificate = LoadCertificate(options);

        // Building the vocabularies up front verifies every token is a single token before the first request.
        _ = Generation.Vocabulary.Get(options.Tokenizer);
        var scheduler = new TokenScheduler(time);
        var state = new ServerState(options, time, scheduler);
        var app = Build(state, loggerFactory ?? NullLoggerFactory.Instance, certificate);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            state.Engine?.Dispose();
            scheduler.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new FakeAIServer(app, state, new Uri(address));
        // The prime speaks plain HTTP; an https server's route table is built by its first real request instead.
        if (options.WarmUp && certificate is null)
        {
            try
            {
                // During a startup delay /health answers 503, so the prime asks /metrics (any route builds the table).
                await Warmup.ServerWarmup.PrimeAsync(server.Url, cancellationToken, options.Limits.StartupDelay > TimeSpan.Zero ? "/metrics" : "/health");
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        if (options.WarmUp)
        {
            // Start-up and the warm-up leave tens of megabytes (tokenizer tables, compiled routes) in the young
            // generations; promoting them later is a 40-100 ms collection in the middle of the first streams. One full
            // compacting collection now moves them to the old generation while no request is waiting.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        return server;
    }

    /// <summary>Stops accepting requests, ends running streams and releases the port.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
        State.Engine?.Dispose();
        _scheduler.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static WebApplication Build(ServerState state, ILoggerFactory loggerFactory, X509Certificate2? certificate)
    {
        var options = state.Options;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();

        // Stopping waits this long for running streams before aborting them (their scheduler waits are then cancelled).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Inline scheduling: a stream's flush sends on the scheduler thread that released its token instead of through a
        // thread-pool queue, so at 1,000 streams new requests no longer wait 25-36 ms behind pending sends
        // (docs/PERFORMANCE.md). It costs non-streaming throughput; safe because no handler blocks a thread.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true).UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;

            // Slow streams are the point of this server; Kestrel must not cut them for a low data rate.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(ToAddress(options.Host), options.Port, listen =>
            {
                if (certificate is not null)
                {
                    // HTTP/2 needs TLS with ALPN here; clients that do not ask for it keep HTTP/1.1.
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                }
            });
        });
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        var app = builder.Build();
        var planner = new ResponsePlanner(state);
        var writer = new ResponseWriter(state);
        var chat = new ChatCompletionsEndpoint(state, planner, writer);
        var completions = new CompletionsEndpoint(state, planner, writer);
        var responses = new ResponsesEndpoint(state, planner, writer, new ResponseStore(options.ResponseStoreCapacity));
        var embeddings = new EmbeddingsEndpoint(state);
        var rankings = new RankingsEndpoint(state);
        var models = new ModelsEndpoint(state);
        var operations = new OperationsEndpoints(state);
        var kvCacheMetrics = new KvCacheMetricsEndpoint(state);
        if (state.KvCache is { } kvCache)
        {
            KvCachePrometheus.Register(state.Metrics.Registry, kvCache, withUsage: options.Engine != EngineMode.Batching);
        }

        state.StartEngine();

        state.Faults.Register(state.Metrics.Registry);
        var keys = options.ApiKeys.Select(Encoding.UTF8.GetBytes).ToArray();

        app.UseMiddleware<RequestArrivalMiddleware>(state.Scheduler);
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseRouting();
        Limits.LimitsPipeline.Configure(app, state);
        app.UseMiddleware<ApiKeyMiddleware>((object)keys);
        app.UseMiddleware<Faults.FaultMiddleware>(state);
        var v1 = app.MapGroup("/v1").WithMetadata(ApiKeyRequired.Instance);
        v1.MapPost("/chat/completions", chat.HandleAsync).WithMetadata(Faults.FaultTarget.Chat);
        v1.MapPost("/completions", completions.HandleAsync).WithMetadata(Faults.FaultTarget.Completions);
        v1.MapPost("/embeddings", embeddings.HandleAsync).WithMetadata(Faults.FaultTarget.Embeddings);
        v1.MapPost("/ranking", rankings.HandleRankingAsync).WithMetadata(Faults.FaultTarget.Rankings);
        v1.MapPost("/rerank", rankings.HandleRerankAsync).WithMetadata(Faults.FaultTarget.Rankings);
        v1.MapPost("/messages", new MessagesEndpoint(state, planner, writer).HandleAsync).WithMetadata(AnthropicErrorShape.Instance, Faults.FaultTarget.Messages);
        v1.MapGet("/models", ModelsEndpoint.ListAsync);
        v1.MapGet("/models/{**id}", models.GetAsync);

        // OpenAI's Responses API; faults apply to creating a response, not to reading or deleting a stored one.
        v1.MapPost("/responses", responses.CreateAsync).WithMetadata(Faults.FaultTarget.Responses);
        v1.MapGet("/responses/{id}", responses.GetAsync);
        v1.MapDelete("/responses/{id}", responses.DeleteAsync);

        // Cohere's v2 path of the same rerank API, under the same key check as /v1.
        app.MapPost("/v2/rerank", rankings.HandleRerankAsync).WithMetadata(ApiKeyRequired.Instance, Faults.FaultTarget.Rankings);
        // vLLM's tokenizer routes sit outside /v1, under the same key check.
        var tokenize = new TokenizeEndpoints(state);
        app.MapPost("/tokenize", tokenize.TokenizeAsync).WithMetadata(ApiKeyRequired.Instance);
        app.MapPost("/detokenize", tokenize.DetokenizeAsync).WithMetadata(ApiKeyRequired.Instance);
        app.MapGet("/health", operations.HealthAsync).WithMetadata(Limits.ReadinessProbe.Instance);
        app.MapGet("/metrics", operations.MetricsAsync);
        app.MapGet("/kv-cache/metrics", kvCacheMetrics.GetAsync);
        app.MapGet("/engine/metrics", new EngineMetricsEndpoint(state).GetAsync);
        return app;
    }

    private static X509Certificate2? LoadCertificate(FakeAIServerOptions options)
    {
        if (options.SslCertFile is not { } certFile || options.SslKeyFile is not { } keyFile)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"Invalid server options: ssl-certfile/ssl-keyfile: cannot load the PEM certificate and key ({e.Message})", nameof(options), e);
        }
    }

    private static IPAddress ToAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        _ => IPAddress.Parse(host),
    };
}
