using System.Diagnostics;
using System.Net;
using FakeAI.Server.KvCache;

namespace FakeAI.Server.Warmup;

/// <summary>
/// Brings the process to steady state before a server says it is ready, so the first requests it serves are as exact as
/// the millionth. A fresh .NET process compiles every method on first use (tens of milliseconds each for Kestrel's and
/// the handlers' paths, hundreds on a busy machine) and recompiles the hot ones optimized after ~30 calls; a request
/// that arrives meanwhile is late by that work. So once per process a throwaway server on a free loopback port, with the
/// KV cache on and 1 ms latencies, is sent every kind of request (chat, completions, Responses and Messages, streamed
/// and not, embeddings, models, health, metrics) over real connections, in rounds of concurrent requests, until the
/// runtime has stopped compiling. The real server then starts with nothing left to compile, and its own state (metrics,
/// KV cache) never sees a warm-up request.
/// </summary>
internal static class ServerWarmup
{
    /// <summary>Concurrent requests of each kind per round: enough to run the thread pool's and Kestrel's concurrent paths.</summary>
    private const int Concurrency = 8;

    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(15);

    internal static readonly LoopbackRequest[] Requests =
    [
        Chat("openai/gpt-oss-120b", stream: true),
        Chat("openai/gpt-oss-120b", stream: false),
        Chat("meta-llama/Llama-3.1-8B-Instruct", stream: true),
        Chat("meta-llama/Llama-3.1-8B-Instruct", stream: false),
        new("POST", "/v1/completions", """{"model":"meta-llama/Llama-3.1-8B-Instruct","prompt":"Warm up the completions path.","max_tokens":8,"stream":true,"stream_options":{"include_usage":true}}"""),
        new("POST", "/v1/completions", """{"model":"meta-llama/Llama-3.1-8B-Instruct","prompt":"Warm up the completions path.","max_tokens":8}"""),
        new("POST", "/v1/responses", """{"model":"gpt-4o","input":"Warm up the responses path.","max_output_tokens":8,"stream":true,"store":false}"""),
        new("POST", "/v1/responses", """{"model":"gpt-4o","input":"Warm up the responses path.","max_output_tokens":8,"store":false}"""),
        new("POST", "/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"Warm up the messages path."}],"stream":true}"""),
        new("POST", "/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"user","content":"Warm up the messages path."}]}"""),
        new("POST", "/v1/embeddings", """{"model":"sentence-transformers/all-mpnet-base-v2","input":"Warm up the embeddings path."}"""),
        new("GET", "/v1/models", null),
        new("GET", "/health", null),
    ];

    /// <summary>
    /// A prompt of several KV blocks (16 tokens each by default), so the KV cache's block hashing, lookup, allocation and
    /// hits are compiled here too: sent concurrently and in rounds, it misses first and hits after.
    /// </summary>
    private const string KvPrompt =
        "Warm up the chat path, please: read this paragraph, which is long enough to fill several blocks of the simulated " +
        "prefix cache, so that hashing the blocks, looking them up, allocating the missing ones and pinning the cached ones " +
        "all run before the server says it is ready, and the first real request finds that code already compiled and fast.";

    private static readonly LoopbackRequest Metrics = new("GET", "/metrics", null);

    private static readonly Lock Gate = new();
    private static Task? _processWarmup;

    /// <summary>Completes when this process is warm; the first caller does the work, later callers wait for it.</summary>
    public static Task EnsureProcessWarmAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (_processWarmup is null || _processWarmup.IsFaulted || _processWarmup.IsCanceled)
            {
                _processWarmup = WarmProcessAsync(cancellationToken);
            }

            return _processWarmup.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One request through a freshly started server's own pipeline: ASP.NET Core builds its route table on the first
    /// request, per server instance.
    /// </summary>
    public static Task PrimeAsync(Uri url, CancellationToken cancellationToken, string path = "/health") =>
        new LoopbackRequest("GET", path, null).SendAsync(EndPoint(url), cancellationToken);

    private static async Task WarmProcessAsync(CancellationToken cancellationToken)
    {
        var options = new FakeAIServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            Ttft = LatencySpec.Exact(1),
            Itl = LatencySpec.Exact(1),
            KvCache = new KvCacheOptions { Enabled = true },
            WarmUp = false,
        };
        await using var server = await FakeAIServer.StartAsync(options, cancellationToken);
        var endPoint = EndPoint(server.Url);
        var started = Stopwatch.GetTimestamp();
        await Metrics.SendAsync(endPoint, cancellationToken);
        while (Stopwatch.GetElapsedTime(started) < MaxDuration)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.WhenAll(Requests.SelectMany(r => Enumerable.Repeat(r, Concurrency)).Select(r => r.SendAsync(endPoint, cancellationToken)));

            // The runtime recompiles hot methods in the background after a short delay; wait until it has finished, and
            // stop once a whole round (and that wait) compiled nothing: every method the requests use is then optimized.
            var quiet = await CompilerQuiet.WaitAsync(MaxDuration - Stopwatch.GetElapsedTime(started), cancellationToken);
            if (quiet && System.Runtime.JitInfo.GetCompiledMethodCount() - before <= CompilerQuiet.QuietCompilations)
            {
                return;
            }
        }
    }

    /// <summary>The server's own address, or loopback when it listens on every interface.</summary>
    private static IPEndPoint EndPoint(Uri url)
    {
        var address = IPAddress.Parse(url.Host.Trim('[', ']'));
        address = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        return new IPEndPoint(address, url.Port);
    }

    private static LoopbackRequest Chat(string model, bool stream) => new(
        "POST",
        "/v1/chat/completions",
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are warming up.\"},{\"role\":\"user\",\"content\":\"" + KvPrompt + "\"}],\"max_tokens\":8,\"stream\":" + (stream ? "true" : "false") + ",\"stream_options\":{\"include_usage\":true}}");
}
