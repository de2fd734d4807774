using FakeAI.Reports.Benchmarks;
using FakeAI.Reports.Runs;
using FakeAI.Server;
using FakeAI.Server.KvCache;
using Spectre.Console;

namespace FakeAI.Cli.Embedded;

/// <summary>
/// The server a suite benchmarks: the one at <c>--url</c>, or, without it, a FakeAI server started in this process on
/// a free loopback port. Either way it must answer before any run starts, otherwise one line and exit code 2.
/// </summary>
internal sealed class BenchmarkTarget : IAsyncDisposable
{
    private readonly FakeAIServer? _embedded;

    private BenchmarkTarget(Uri url, ServerInfo info, FakeAIServer? embedded)
    {
        Url = url;
        Info = info;
        _embedded = embedded;
    }

    public Uri Url { get; }

    public ServerInfo Info { get; }

    public bool IsEmbedded => _embedded is not null;

    public static async Task<BenchmarkTarget> ConnectAsync(string? url, string? apiKey, IAnsiConsole console, CancellationToken cancellationToken)
    {
        FakeAIServer? embedded = null;
        Uri target;
        if (url is null)
        {
            embedded = await FakeAIServer.StartAsync(EmbeddedOptions(), cancellationToken);
            target = embedded.Url;
            console.MarkupLine($"Embedded FakeAI server at [bold]{Markup.Escape(target.ToString())}[/] (pass --url to benchmark another server)");
        }
        else if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out target!)
                 || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
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

            throw new UsageException(info.Error ?? $"cannot reach {target}");
        }

        return new BenchmarkTarget(target, info, embedded);
    }

    /// <summary>
    /// Another embedded server with the target's settings but the given router policy (<c>kv</c>, <c>round-robin</c>, …),
    /// for comparisons within one benchmark.
    /// </summary>
    public static async Task<EmbeddedServerLease> StartEmbeddedAsync(string router, CancellationToken cancellationToken)
    {
        var options = EmbeddedOptions();
        if (!KvRouterPolicyNames.TryParse(router, out var policy))
        {
            throw new ArgumentException($"unknown router '{router}'", nameof(router));
        }

        options.KvCache.Router = policy;
        var server = await FakeAIServer.StartAsync(options, cancellationToken);
        return new EmbeddedServerLease(server.Url, server);
    }

    private static FakeAIServerOptions EmbeddedOptions() => new() { Host = "127.0.0.1", Port = 0 };

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
