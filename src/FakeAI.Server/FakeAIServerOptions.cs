using System.Globalization;
using System.Net;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Engine;
using FakeAI.Server.KvCache;
using FakeAI.Server.Limits;

namespace FakeAI.Server;

/// <summary>
/// Every setting of the fake server, with documented defaults. <see cref="Validate"/> reports all problems at once;
/// <see cref="FakeAIServer.StartAsync(FakeAIServerOptions, CancellationToken)"/> refuses invalid options.
/// </summary>
public sealed class FakeAIServerOptions
{
    /// <summary>Interface to bind: an IP address, <c>localhost</c>, or <c>0.0.0.0</c>/<c>*</c> for all. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks any free port (read it back from <see cref="FakeAIServer.Url"/>). Default 8000.</summary>
    public int Port { get; set; } = 8000;

    /// <summary>Time to first token. Default 20 ms, exact.</summary>
    public LatencySpec Ttft { get; set; } = LatencySpec.Exact(20);

    /// <summary>Inter-token latency, sampled per token. Default 5 ms, exact.</summary>
    public LatencySpec Itl { get; set; } = LatencySpec.Exact(5);

    /// <summary>Milliseconds of simulated prefill added to TTFT per prompt token. Default 0.</summary>
    public double PrefillPerTokenMs { get; set; }

    /// <summary>When true (default), non-streaming responses are held back until TTFT + (n−1)·ITL has elapsed.</summary>
    public bool DelayNonStreaming { get; set; } = true;

    /// <summary>Bearer keys accepted on <c>/v1/*</c>; empty (default) disables authentication.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>When true, unknown model ids get 404 <c>model_not_found</c>; default false accepts any id.</summary>
    public bool StrictModels { get; set; }

    /// <summary>Completion tokens when a request sets neither <c>max_completion_tokens</c> nor <c>max_tokens</c>. Default 100.</summary>
    public int DefaultMaxTokens { get; set; } = 100;

    /// <summary>
    /// Reasoning tokens a reasoning model emits before its answer, taken out of the completion budget and capped at half
    /// of it. Default 50.
    /// </summary>
    public int ReasoningTokens { get; set; } = 50;

    /// <summary>
    /// Probability (0–1) that a request offering tools with <c>tool_choice</c> <c>auto</c> (or none given) is answered
    /// with a tool call rather than text; <c>required</c> and a named tool always call. Drawn from the request's seed, so a
    /// seeded request decides the same way every time. Default 1: an agent loop sees a call on each turn until it sends
    /// the tool's result.
    /// </summary>
    public double ToolCallRate { get; set; } = 1.0;

    /// <summary>Context window of model ids not in the catalogue. Default 131072.</summary>
    public int DefaultContextWindow { get; set; } = 131_072;

    /// <summary>Tokenizer used for prompt counting and generated text. Default o200k_base.</summary>
    public TokenizerEncoding Tokenizer { get; set; } = TokenizerEncoding.O200kBase;

    /// <summary>
    /// What happens to an embeddings input or a rankings query + passage longer than the model's context window: false
    /// (default) truncates it to the window and counts only the kept tokens in <c>usage</c>, as vLLM's
    /// <c>truncate_prompt_tokens</c> and NIM's <c>truncate: END</c> do; true refuses the request with 400
    /// <c>context_length_exceeded</c>.
    /// </summary>
    public bool StrictInputLength { get; set; }

    /// <summary>Largest accepted request body in bytes; larger bodies get 413. Default 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>PEM certificate (chain) file; with <see cref="SslKeyFile"/> the server speaks https (HTTP/1.1 and HTTP/2 via ALPN).</summary>
    public string? SslCertFile { get; set; }

    /// <summary>PEM private key of <see cref="SslCertFile"/>.</summary>
    public string? SslKeyFile { get; set; }

    /// <summary>
    /// The most output tokens one chat or completions request may ask for over all its choices (prompts × n ×
    /// max tokens); more is a 400. Bounds what one small request can make the server produce. Default 262144.
    /// </summary>
    public int MaxOutputTokensPerRequest { get; set; } = 262_144;

    /// <summary>
    /// The most Responses API responses kept for <c>GET</c>/<c>DELETE /v1/responses/{id}</c> and
    /// <c>previous_response_id</c> (<c>store</c>); beyond it the least recently used is forgotten, so a long benchmark
    /// cannot grow memory without bound. 0 keeps none. Default 10000.
    /// </summary>
    public int ResponseStoreCapacity { get; set; } = 10_000;

    /// <summary>
    /// Prompt (KV) caching switch (<c>FAKEAI_ENABLE_PROMPT_CACHING</c>, <c>--no-kv-cache</c>): the same value as
    /// <see cref="KvCacheOptions.Enabled"/> of <see cref="KvCache"/>. Default true.
    /// </summary>
    public bool KvCacheEnabled
    {
        get => KvCache.Enabled;
        set => KvCache.Enabled = value;
    }

    /// <summary>The simulated prefix caches and router in front of them (block size, workers, capacity, policy).</summary>
    public KvCacheOptions KvCache { get; set; } = new();

    /// <summary>
    /// When true (default), starting waits until the process is warm: the first start in a process sends every kind of
    /// request to a throwaway server until the runtime has compiled the hot paths, and each start sends one request
    /// through its own pipeline, so the first client request is served as exactly as any later one.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Rate limits (requests and tokens per minute), the concurrency cap and queue, and the startup delay; all off by
    /// default (docs/server.md, "Limits").
    /// </summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Fault injection: per-type rates, seed and fault parameters (docs/server.md, "Fault injection"). Default: none.</summary>
    public Faults.FaultOptions Faults { get; set; } = new();

    /// <summary>
    /// How tokens are timed: <see cref="EngineMode.Delay"/> (default), an exact delay line, or
    /// <see cref="EngineMode.Batching"/>, a simulated continuous-batching engine per KV worker (docs/engine.md).
    /// </summary>
    public EngineMode Engine { get; set; }

    /// <summary>Batching engine: most sequences running at once per worker (vLLM's <c>--max-num-seqs</c>). Default 256.</summary>
    public int MaxNumSeqs { get; set; } = 256;

    /// <summary>Batching engine: most tokens in one step, decode and prefill together. Default 8192.</summary>
    public int MaxNumBatchedTokens { get; set; } = 8_192;

    /// <summary>
    /// Batching engine: the prompt length at which a lone request sees exactly <see cref="Ttft"/> (longer prompts take
    /// proportionally longer to prefill, as on a real server). Default 1024.
    /// </summary>
    public int EngineReferencePromptTokens { get; set; } = EngineOptions.DefaultReferencePromptTokens;

    /// <summary>All configuration errors (empty when the options are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host) || !IsValidHost(Host))
        {
            errors.Add($"host: '{Host}' is not an IP address, 'localhost', '0.0.0.0' or '*'");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"port: {Port.ToString(CultureInfo.InvariantCulture)} is outside 0-65535");
        }

        errors.AddRange(Ttft.Validate("ttft"));
        errors.AddRange(Itl.Validate("itl"));
        if (!double.IsFinite(PrefillPerTokenMs) || PrefillPerTokenMs < 0)
        {
            errors.Add("prefill-per-token: must be a finite, non-negative number of milliseconds");
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ApiKeys[i]) || ApiKeys[i].Any(char.IsWhiteSpace))
            {
                errors.Add($"api-key #{(i + 1).ToString(CultureInfo.InvariantCulture)}: must be non-empty and contain no whitespace");
            }
        }

        if (DefaultMaxTokens < 1)
        {
            errors.Add("default-max-tokens: must be at least 1");
        }

        if (ReasoningTokens < 0)
        {
            errors.Add("reasoning-tokens: must not be negative");
        }

        if (!(ToolCallRate is >= 0 and <= 1))
        {
            errors.Add("tool-call-rate: must be between 0 and 1");
        }

        if (DefaultContextWindow < 1)
        {
            errors.Add("default-context-window: must be at least 1");
        }

        if (!Enum.IsDefined(Tokenizer))
        {
            errors.Add("tokenizer: unknown encoding");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            errors.Add("max-request-body-bytes: must be at least 1024");
        }

        if (SslCertFile is null != SslKeyFile is null)
        {
            errors.Add("ssl-certfile/ssl-keyfile: give both or neither");
        }

        foreach (var (name, path) in new[] { ("ssl-certfile", SslCertFile), ("ssl-keyfile", SslKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{name}: '{path}' does not exist");
            }
        }

        if (MaxOutputTokensPerRequest < 1)
        {
            errors.Add("max-output-tokens-per-request: must be at least 1");
        }

        if (ResponseStoreCapacity < 0)
        {
            errors.Add("response-store-capacity: must be at least 0");
        }

        if (KvCache is null)
        {
            errors.Add("kv-cache: options are missing");
        }
        else if (Engine == EngineMode.Batching)
        {
            // The engine's workers and blocks are the KV cache's; the engine's own check names the window problem.
            errors.AddRange(KvCache.Validate());
            errors.AddRange(ValidateEngine());
        }
        else if (KvCache.Enabled)
        {
            // Catalogue models with bigger windows (gpt-4.1) still work: their longest prompts are served uncached.
            errors.AddRange(KvCache.Validate(DefaultContextWindow >= 1 ? DefaultContextWindow : null));
        }

        if (!Enum.IsDefined(Engine))
        {
            errors.Add($"engine: unknown mode (expected one of: {string.Join(", ", EngineModeNames.All)})");
        }

        if (Limits is null)
        {
            errors.Add("limits: options are missing");
        }
        else
        {
            errors.AddRange(Limits.Validate());
        }

        if (Faults is null)
        {
            errors.Add("faults: options are missing");
        }
        else
        {
            errors.AddRange(Faults.Validate());
        }

        return errors;
    }

    /// <summary>
    /// Batching engine: step-time coefficients fitted by <c>fakeai calibrate</c> (<c>--engine-profile</c>); when set, they
    /// replace the model derived from <see cref="Ttft"/> and <see cref="Itl"/>.
    /// </summary>
    internal StepTimeModel? EngineStepTime { get; set; }

    /// <summary>Where <see cref="EngineStepTime"/> came from, for the start line.</summary>
    internal string? EngineProfileSource { get; set; }

    /// <summary>Runs the batching engine as a fitted twin: its limits, KV geometry and step times from an engine profile.</summary>
    internal void UseEngineProfile(EngineOptions profile, string source)
    {
        Engine = EngineMode.Batching;
        MaxNumSeqs = profile.MaxNumSeqs;
        MaxNumBatchedTokens = profile.MaxNumBatchedTokens;
        KvCache.BlockSize = profile.BlockSize;
        KvCache.CapacityBlocks = profile.CapacityBlocks;
        EngineStepTime = profile.StepTime;
        EngineProfileSource = source;
    }

    /// <summary>The batching engine's settings for each worker; call only on valid options.</summary>
    internal EngineOptions ToEngineOptions() => new()
    {
        MaxNumSeqs = MaxNumSeqs,
        MaxNumBatchedTokens = MaxNumBatchedTokens,
        BlockSize = KvCache.BlockSize,
        CapacityBlocks = KvCache.CapacityBlocks,
        StepTime = EngineStepTime ?? StepTimeModel.FromLatencies(Ttft.MeanMs, Itl.MeanMs, EngineReferencePromptTokens, MaxNumBatchedTokens),
    };

    private List<string> ValidateEngine()
    {
        var errors = new List<string>();
        if (PrefillPerTokenMs > 0)
        {
            errors.Add("prefill-per-token: not used by --engine batching, whose prefill time follows --ttft and the prompt's length; leave it at 0");
        }

        if (EngineReferencePromptTokens < 1)
        {
            errors.Add($"engine-reference-prompt: must be at least 1 token (got {EngineReferencePromptTokens.ToString(CultureInfo.InvariantCulture)})");
        }

        // Only once the sizes are valid: a bad budget or reference prompt would make every TTFT look impossible too.
        // Non-finite latencies are reported by their own checks.
        if (EngineStepTime is not null)
        {
            // A fitted profile's coefficients are the step times; --ttft/--itl do not apply.
            errors.AddRange(EngineStepTime.Validate("engine-profile"));
        }
        else if (EngineReferencePromptTokens >= 1 && MaxNumBatchedTokens >= Math.Max(1, MaxNumSeqs)
            && double.IsFinite(Ttft.MeanMs) && double.IsFinite(Itl.MeanMs))
        {
            errors.AddRange(StepTimeModel.CheckLatencies(Ttft.MeanMs, Itl.MeanMs, EngineReferencePromptTokens, MaxNumBatchedTokens));
        }

        var engine = new EngineOptions
        {
            MaxNumSeqs = MaxNumSeqs,
            MaxNumBatchedTokens = MaxNumBatchedTokens,
            BlockSize = Math.Max(1, KvCache.BlockSize),
            CapacityBlocks = Math.Max(1, KvCache.CapacityBlocks),
        };
        errors.AddRange(engine.Validate(DefaultContextWindow >= 1 ? DefaultContextWindow : null));
        return errors;
    }

    internal static bool IsValidHost(string host) =>
        host is "localhost" or "*" || IPAddress.TryParse(host, out _);
}
