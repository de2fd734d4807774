using System.Collections;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FakeAI.Server;
using Spectre.Console;

namespace FakeAI.Cli.Server;

/// <summary><c>fakeai server</c>: runs the fake OpenAI-compatible server until cancelled.</summary>
internal static class ServerCommand
{
    public static Command Create(IAnsiConsole console) =>
        Create(console, ReadProcessEnvironment, Directory.GetCurrentDirectory());

    internal static Command Create(IAnsiConsole console, Func<IReadOnlyDictionary<string, string?>> environment, string workingDirectory)
    {
        var host = new Option<string>("--host") { Description = "Interface to bind: an IP, localhost, or 0.0.0.0 for all (default 127.0.0.1; env FAKEAI_HOST)." };
        var port = new Option<int?>("--port") { Description = "TCP port; 0 picks a free one (default 8000; env FAKEAI_PORT)." };
        var ttft = new Option<string>("--ttft") { Description = "Time to first token, MEAN[:PCT] in ms, e.g. 20 or 50:30 (default 20; env FAKEAI_TTFT)." };
        var itl = new Option<string>("--itl") { Description = "Inter-token latency, MEAN[:PCT] in ms (default 5; env FAKEAI_ITL)." };
        var prefill = new Option<double?>("--prefill-per-token") { Description = "Extra TTFT in ms per prompt token (default 0)." };
        var apiKey = new Option<string[]>("--api-key") { Description = "Require 'Authorization: Bearer KEY' on /v1/* (repeatable; env FAKEAI_API_KEYS, comma-separated).", AllowMultipleArgumentsPerToken = false };
        var apiKeyFile = new Option<string>("--api-key-file") { Description = "File with one API key per line ('#' comments allowed)." };
        var strictModels = new Option<bool?>("--strict-models") { Description = "Reject unknown model ids with 404 model_not_found.", Arity = ArgumentArity.ZeroOrOne };
        var defaultMaxTokens = new Option<int?>("--default-max-tokens") { Description = "Completion tokens when a request sets no max_tokens (default 100)." };
        var reasoningTokens = new Option<int?>("--reasoning-tokens") { Description = "Reasoning tokens of reasoning models, at most half the budget (default 50)." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Default tokenizer: o200k_base or cl100k_base (default o200k_base)." };
        var delayNonStreaming = new Option<bool?>("--delay-non-streaming") { Description = "Hold non-streaming responses for TTFT + (n-1)*ITL (default true).", Arity = ArgumentArity.ZeroOrOne };
        var maxBody = new Option<long?>("--max-request-body-bytes") { Description = "Largest request body; larger ones get 413 (default 16777216)." };
        var maxOutputTokens = new Option<int?>("--max-output-tokens-per-request") { Description = "Most output tokens one request may ask for, over all its choices (prompts x n x max_tokens; default 262144)." };
        var responseStoreCapacity = new Option<int?>("--response-store-capacity") { Description = "Responses API responses kept for GET/DELETE and previous_response_id, least recently used forgotten first (default 10000; 0 keeps none)." };
        var sslCertFile = new Option<string>("--ssl-certfile") { Description = "PEM certificate file: serve https (HTTP/1.1 and HTTP/2); needs --ssl-keyfile (env FAKEAI_SSL_CERTFILE)." };
        var sslKeyFile = new Option<string>("--ssl-keyfile") { Description = "PEM private key of --ssl-certfile (env FAKEAI_SSL_KEYFILE)." };
        var contextWindow = new Option<int?>("--default-context-window") { Description = "Context window of unknown models (default 131072)." };
        var promptCaching = new Option<bool?>("--prompt-caching") { Description = "Prompt (KV) cache simulation on/off (default true; env FAKEAI_ENABLE_PROMPT_CACHING).", Arity = ArgumentArity.ZeroOrOne };
        var strictInputLength = new Option<bool?>("--strict-input-length") { Description = "Refuse embeddings/rankings inputs longer than the model's context window with 400 instead of truncating them (env FAKEAI_STRICT_INPUT_LENGTH).", Arity = ArgumentArity.ZeroOrOne };
        var toolCallRate = new Option<double?>("--tool-call-rate") { Description = "Probability 0-1 that a request offering tools (tool_choice auto) gets a tool call instead of text; required/named always call (default 1; env FAKEAI_TOOL_CALL_RATE)." };
        var config = new Option<string>("--config") { Description = "JSON config file (default fakeai.json in the working directory, if present)." };
        var noWarmup = new Option<bool>("--no-warmup") { Description = "Start without the warm-up: ready sooner, but the first requests are late by the runtime's compilation (a few hundred ms)." };

        var command = new Command("server", "Run the fake OpenAI-compatible LLM server until Ctrl+C.")
        {
            host, port, ttft, itl, prefill, apiKey, apiKeyFile, strictModels, defaultMaxTokens, reasoningTokens, tokenizer,
            delayNonStreaming, maxBody, maxOutputTokens, sslCertFile, sslKeyFile, contextWindow, promptCaching, config, strictInputLength, noWarmup, responseStoreCapacity,
            toolCallRate,
        };
        var kvCache = new KvCacheCliOptions();
        kvCache.AddTo(command);
        var limits = new LimitsCliOptions();
        limits.AddTo(command);
        var faults = new FaultCliOptions();
        faults.AddTo(command);
        var engine = new EngineCliOptions();
        engine.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var arguments = new ServerArguments
            {
                Host = parseResult.GetValue(host),
                Port = parseResult.GetValue(port),
                Ttft = parseResult.GetValue(ttft),
                Itl = parseResult.GetValue(itl),
                PrefillPerTokenMs = parseResult.GetValue(prefill),
                ApiKeys = parseResult.GetValue(apiKey) ?? [],
                ApiKeyFile = parseResult.GetValue(apiKeyFile),
                StrictModels = Flag(parseResult, strictModels),
                DefaultMaxTokens = parseResult.GetValue(defaultMaxTokens),
                ReasoningTokens = parseResult.GetValue(reasoningTokens),
                Tokenizer = parseResult.GetValue(tokenizer),
                DelayNonStreaming = Flag(parseResult, delayNonStreaming),
                MaxRequestBodyBytes = parseResult.GetValue(maxBody),
                MaxOutputTokensPerRequest = parseResult.GetValue(maxOutputTokens),
                ResponseStoreCapacity = parseResult.GetValue(responseStoreCapacity),
                SslCertFile = parseResult.GetValue(sslCertFile),
                SslKeyFile = parseResult.GetValue(sslKeyFile),
                DefaultContextWindow = parseResult.GetValue(contextWindow),
                PromptCaching = Flag(parseResult, promptCaching),
                StrictInputLength = Flag(parseResult, strictInputLength),
                ToolCallRate = parseResult.GetValue(toolCallRate),
                KvCache = kvCache.Read(parseResult),
                Limits = limits.Read(parseResult),
                Faults = faults.Read(parseResult),
                Engine = engine.Read(parseResult),
                ConfigPath = parseResult.GetValue(config),
            };
            var (options, errors) = ServerOptionsBuilder.Build(arguments, environment(), workingDirectory, ReadFileOrNull);
            if (options is null)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            options.WarmUp = !parseResult.GetValue(noWarmup);

            await RunAsync(console, options, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task RunAsync(IAnsiConsole console, FakeAIServerOptions options, CancellationToken cancellationToken)
    {
        FakeAIServer server;
        var starting = Stopwatch.GetTimestamp();
        try
        {
            server = await FakeAIServer.StartAsync(options, cancellationToken);
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use or a bind refusal as an IOException.
            var hint = e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException ? " (pass --port 0 to pick a free port)" : string.Empty;
            throw new UsageException($"cannot listen on {options.Host}:{options.Port}: {e.Message}{hint}", e);
        }
        catch (ArgumentException e)
        {
            // An unreadable certificate or key is only found when the server loads it.
            throw new UsageException(e.Message, e);
        }

        await using (server)
        {
            var ready = Stopwatch.GetElapsedTime(starting).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
            var warm = options.WarmUp ? $"warmed up, ready in {ready} s" : "not warmed up";
            console.MarkupLineInterpolated($"FakeAI server listening on [bold]{server.Url.GetLeftPart(UriPartial.Authority)}[/] (ttft {options.Ttft} ms, itl {options.Itl} ms; {warm}). Ctrl+C to stop.");
            if (options.Limits.StartupDelay > TimeSpan.Zero)
            {
                console.MarkupLineInterpolated($"Not ready for {options.Limits.StartupDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (--startup-delay): /health and the API answer 503 until then.");
            }

            if (options.Engine == EngineMode.Batching)
            {
                var timing = options.EngineProfileSource is { } profile
                    ? $"step times fitted in {profile} (--ttft/--itl do not apply)"
                    : $"a lone {options.EngineReferencePromptTokens}-token prompt sees the ttft";
                console.MarkupLineInterpolated(
                    $"Engine: batching on {options.KvCache.Workers} worker(s), each at most {options.MaxNumSeqs} sequences and {options.MaxNumBatchedTokens} tokens per step; {timing}. State: /engine/metrics.");
            }

            if (options.Faults.AnyRate)
            {
                console.WriteLine(FaultSummary.Describe(options.Faults));
            }

            if (!server.SchedulerAtRaisedPriority)
            {
                console.MarkupLine("[yellow]Note:[/] the token scheduler runs at normal CPU priority (raising it needs root or CAP_SYS_NICE); on a saturated CPU tokens may leave late.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine("Stopping.");
            }
        }
    }

    /// <summary>A bare <c>--flag</c> means true; <c>--flag false</c> is honoured; absent is null (lower layers decide).</summary>
    private static bool? Flag(ParseResult parseResult, Option<bool?> option) =>
        parseResult.GetResult(option) is null ? null : parseResult.GetValue(option) ?? true;

    /// <summary>
    /// A config file (or a file it names) as text, null when it does not exist. Read with a size limit: a config is a
    /// small JSON object, and <c>--config /dev/full</c> used to be read until memory ran out.
    /// </summary>
    internal static string? ReadFileOrNull(string path)
    {
        const int maxBytes = 1 << 20;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[maxBytes + 1];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > maxBytes)
            {
                throw new UsageException($"'{path}' is larger than 1 MiB; a config file is a small JSON object");
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, read), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static IReadOnlyDictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("FAKEAI_", StringComparison.Ordinal))
            {
                result[key] = entry.Value as string;
            }
        }

        return result;
    }
}
