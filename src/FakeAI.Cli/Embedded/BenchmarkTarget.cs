using FakeAI.Bench;
using FakeAI.Cli.Server;
using FakeAI.Reports.Benchmarks;
using FakeAI.Reports.Runs;
using FakeAI.Server;
using FakeAI.Server.KvCache;
using Spectre.Console;

namespace FakeAI.Cli.Embedded;

/// <summary>
/// The server a suite benchmarks: the one at <c>--url</c>, or, without it, a FakeAI server started in this process on
/// a free loopback port. Either way it must answer before any run starts, otherwise one line and
/// <see cref="ExitCodes.Unreachable"/>.
/// </summary>
internal sealed class BenchmarkTarget : IAsyncDisposable
{
    private readonly FakeAIServer? _embedded;
    private readonly KvCacheArguments _kvCache;

    private BenchmarkTarget(Uri url, ServerInfo info, FakeAIServer? embedded, KvCacheArguments kvCache)
    {
        Url = url;
        Settings = embedded is null ? null : EmbeddedServerSettings.Describe(embedded.Options);
        Info = info;
        _embedded = embedded;
        _kvCache = kvCache;
    }

    public Uri Url { get; }

    public ServerInfo Info { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <summary>The embedded server's latency settings in one line (TTFT, ITL, KV cache, router); null for a server at a URL.</summary>
    public string? Settings { get; }

    /// <summary>
    /// Connects to <paramref name="url"/>, or starts the embedded server with <paramref name="kvCache"/> (the
    /// <see cref="EmbeddedKvCacheOptions"/> flags, a usage error together with a URL).
    /// </summary>
    public static async Task<BenchmarkTarget> ConnectAsync(
        string? url, string? apiKey, KvCacheArguments kvCache, IAnsiConsole console, CancellationToken cancellationToken)
    {
        FakeAIServer? embedded = null;
        Uri target;
        if (url is not null && EmbeddedKvCacheOptions.AnyGiven(kvCache))
        {
            throw new UsageException($"{EmbeddedKvCacheOptions.Names} configure the embedded server and cannot be combined with --url");
        }

        if (url is null)
        {
            var options = EmbeddedOptions(kvCache);
            embedded = await FakeAIServer.StartAsync(options, cancellationToken);
            target = embedded.Url;
            console.MarkupLine($"Embedded FakeAI server at [bold]{Markup.Escape(target.ToString())}[/] ({Markup.Escape(EmbeddedServerSettings.Describe(options))}; warmed up; pass --url to benchmark another server)");
        }
        else if (!ProfileConfig.TryParseUrl(url, out target!))
        {
            throw new UsageException($"--url '{url}' is not a valid http(s) URL");
        }

        using var probe = new ServerProbe(target, apiKey);
        var info = await probe.GetInfoAsync(cancellationToken);
        if (!info.Reachable)
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }

            throw new CliException(ExitCodes.Unreachable, info.Error ?? $"cannot reach {target}");
        }

        return new BenchmarkTarget(target, info, embedded, kvCache);
    }

    /// <summary>
    /// Another embedded server with the target's settings but the given router policy (<c>kv</c>, <c>round-robin</c>, …),
    /// for comparisons within one benchmark.
    /// </summary>
    public async Task<EmbeddedServerLease> StartEmbeddedAsync(string router, CancellationToken cancellationToken)
    {
        if (!KvRouterPolicyNames.TryParse(router, out _))
        {
            throw new ArgumentException($"unknown router '{router}'", nameof(router));
        }

        var server = await FakeAIServer.StartAsync(EmbeddedOptions(_kvCache with { Router = router }), cancellationToken);
        return new EmbeddedServerLease(server.Url, server);
    }

    /// <summary>Loopback on a free port, with the given KV cache flags; invalid ones are a usage error listing them all.</summary>
    private static FakeAIServerOptions EmbeddedOptions(KvCacheArguments kvCache)
    {
        var options = new FakeAIServerOptions { Host = "127.0.0.1", Port = 0 };
        var errors = new List<string>();
        kvCache.ApplyTo(options, errors);
        errors.AddRange(options.Validate());
        return errors.Count == 0 ? options : throw new UsageException("embedded server: " + string.Join("; ", errors));
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
