namespace FakeAI.Cli.Server;

/// <summary>The values given on the command line; null means "not given", so lower layers (env, file, defaults) apply.</summary>
internal sealed record ServerArguments
{
    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? Ttft { get; init; }

    public string? Itl { get; init; }

    public double? PrefillPerTokenMs { get; init; }

    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    public string? ApiKeyFile { get; init; }

    public bool? StrictModels { get; init; }

    public int? DefaultMaxTokens { get; init; }

    public int? ReasoningTokens { get; init; }

    public string? Tokenizer { get; init; }

    public bool? DelayNonStreaming { get; init; }

    public long? MaxRequestBodyBytes { get; init; }

    public int? MaxOutputTokensPerRequest { get; init; }

    public int? ResponseStoreCapacity { get; init; }

    public string? SslCertFile { get; init; }

    public string? SslKeyFile { get; init; }

    public int? DefaultContextWindow { get; init; }

    public bool? PromptCaching { get; init; }

    public bool? StrictInputLength { get; init; }

    public double? ToolCallRate { get; init; }

    public KvCacheArguments KvCache { get; init; } = new();

    public LimitsArguments Limits { get; init; } = new();

    public FaultArguments Faults { get; init; } = new();

    public EngineArguments Engine { get; init; } = new();

    /// <summary><c>--config</c>; when null, <c>fakeai.json</c> in the working directory is used if it exists.</summary>
    public string? ConfigPath { get; init; }
}
