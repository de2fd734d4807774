using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server;
using FakeAI.Server.KvCache;

namespace FakeAI.Cli.Server;

/// <summary>
/// Builds <see cref="FakeAIServerOptions"/> from flags, environment, config file and defaults (in that precedence), as a
/// pure function of its inputs so every source can be tested without starting a server. All problems are reported.
/// </summary>
internal static class ServerOptionsBuilder
{
    public const string DefaultConfigFileName = "fakeai.json";

    /// <summary>Reads a file's text, or null when it does not exist.</summary>
    public delegate string? FileReader(string path);

    public static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        ServerArguments arguments,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        FileReader readFile)
    {
        var options = new FakeAIServerOptions();
        var errors = new List<string>();
        ApplyConfigFile(options, arguments.ConfigPath, workingDirectory, readFile, errors);
        ApplyEnvironment(options, environment, workingDirectory, readFile, errors);
        ApplyArguments(options, arguments, workingDirectory, readFile, errors);
        if (errors.Count == 0)
        {
            errors.AddRange(options.Validate());
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static void ApplyArguments(FakeAIServerOptions options, ServerArguments a, string workingDirectory, FileReader readFile, List<string> errors)
    {
        options.Host = a.Host ?? options.Host;
        options.Port = a.Port ?? options.Port;
        SetLatency(a.Ttft, "--ttft", spec => options.Ttft = spec, errors);
        SetLatency(a.Itl, "--itl", spec => options.Itl = spec, errors);
        options.PrefillPerTokenMs = a.PrefillPerTokenMs ?? options.PrefillPerTokenMs;
        var keys = new List<string>(a.ApiKeys);
        if (a.ApiKeyFile is { } file)
        {
            keys.AddRange(ReadKeyFile(Path.Combine(workingDirectory, file), "--api-key-file", readFile, errors));
        }

        if (keys.Count > 0)
        {
            options.ApiKeys = keys;
        }

        options.StrictModels = a.StrictModels ?? options.StrictModels;
        options.DefaultMaxTokens = a.DefaultMaxTokens ?? options.DefaultMaxTokens;
        options.ReasoningTokens = a.ReasoningTokens ?? options.ReasoningTokens;
        if (a.Tokenizer is { } tokenizer)
        {
            SetTokenizer(options, tokenizer, "--tokenizer", errors);
        }

        options.DelayNonStreaming = a.DelayNonStreaming ?? options.DelayNonStreaming;
        options.MaxRequestBodyBytes = a.MaxRequestBodyBytes ?? options.MaxRequestBodyBytes;
        options.MaxOutputTokensPerRequest = a.MaxOutputTokensPerRequest ?? options.MaxOutputTokensPerRequest;
        options.ResponseStoreCapacity = a.ResponseStoreCapacity ?? options.ResponseStoreCapacity;
        options.SslCertFile = a.SslCertFile is { } certFile ? Path.Combine(workingDirectory, certFile) : options.SslCertFile;
        options.SslKeyFile = a.SslKeyFile is { } keyFile ? Path.Combine(workingDirectory, keyFile) : options.SslKeyFile;
        options.DefaultContextWindow = a.DefaultContextWindow ?? options.DefaultContextWindow;
        options.KvCacheEnabled = a.PromptCaching ?? options.KvCacheEnabled;
        options.StrictInputLength = a.StrictInputLength ?? options.StrictInputLength;
        options.ToolCallRate = a.ToolCallRate ?? options.ToolCallRate;
        a.KvCache.ApplyTo(options, errors);
        a.Limits.ApplyTo(options, errors);
        a.Faults.ApplyTo(options, errors);
        a.Engine.ApplyTo(options, workingDirectory, readFile, errors);
    }

    private static void ApplyEnvironment(FakeAIServerOptions options, IReadOnlyDictionary<string, string?> env, string workingDirectory, FileReader readFile, List<string> errors)
    {
        string? Get(string name) => env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (Get("FAKEAI_HOST") is { } host)
        {
            options.Host = host;
        }

        if (Get("FAKEAI_PORT") is { } port)
        {
            IntegerSetting.Apply(port, "FAKEAI_PORT", v => options.Port = v, errors);
        }

        // The Python FakeAI's names: a response delay in seconds is the TTFT; random delay + max variance is the jitter fraction.
        if (Get("FAKEAI_RESPONSE_DELAY") is { } delay)
        {
            if (TryDouble(delay, out var seconds) && seconds >= 0)
            {
                options.Ttft = options.Ttft with { MeanMs = seconds * 1000 };
            }
            else
            {
                errors.Add($"FAKEAI_RESPONSE_DELAY: '{delay}' is not a non-negative number of seconds");
            }
        }

        if (Get("FAKEAI_RANDOM_DELAY") is { } random)
        {
            if (!TryBool(random, out var enabled))
            {
                errors.Add($"FAKEAI_RANDOM_DELAY: '{random}' is not true/false");
            }
            else
            {
                var percent = 0.0;
                if (enabled)
                {
                    percent = 30;
                    if (Get("FAKEAI_MAX_VARIANCE") is { } variance)
                    {
                        if (TryDouble(variance, out var fraction) && fraction is >= 0 and <= 1)
                        {
                            percent = fraction * 100;
                        }
                        else
                        {
                            errors.Add($"FAKEAI_MAX_VARIANCE: '{variance}' is not a fraction between 0 and 1");
                        }
                    }
                }

                options.Ttft = options.Ttft with { JitterPercent = percent };
                options.Itl = options.Itl with { JitterPercent = percent };
            }
        }
        else if (Get("FAKEAI_MAX_VARIANCE") is not null)
        {
            errors.Add("FAKEAI_MAX_VARIANCE: only takes effect together with FAKEAI_RANDOM_DELAY=true");
        }

        SetLatency(Get("FAKEAI_TTFT"), "FAKEAI_TTFT", spec => options.Ttft = spec, errors);
        SetLatency(Get("FAKEAI_ITL"), "FAKEAI_ITL", spec => options.Itl = spec, errors);
        if (Get("FAKEAI_API_KEYS") is { } keys)
        {
            options.ApiKeys = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        options.SslCertFile = Get("FAKEAI_SSL_CERTFILE") ?? options.SslCertFile;
        options.SslKeyFile = Get("FAKEAI_SSL_KEYFILE") ?? options.SslKeyFile;
        if (Get("FAKEAI_ENABLE_PROMPT_CACHING") is { } caching)
        {
            if (TryBool(caching, out var enabled))
            {
                options.KvCacheEnabled = enabled;
            }
            else
            {
                errors.Add($"FAKEAI_ENABLE_PROMPT_CACHING: '{caching}' is not true/false");
            }
        }

        if (Get("FAKEAI_STRICT_INPUT_LENGTH") is { } strictInput)
        {
            if (TryBool(strictInput, out var strict))
            {
                options.StrictInputLength = strict;
            }
            else
            {
                errors.Add($"FAKEAI_STRICT_INPUT_LENGTH: '{strictInput}' is not true/false");
            }
        }

        if (Get("FAKEAI_TOOL_CALL_RATE") is { } toolCallRate)
        {
            if (TryDouble(toolCallRate, out var rate))
            {
                options.ToolCallRate = rate;
            }
            else
            {
                errors.Add($"FAKEAI_TOOL_CALL_RATE: '{toolCallRate}' is not a number");
            }
        }

        LimitsSettings.ApplyEnvironment(options.Limits, Get, errors);
        FaultArguments.ApplyEnvironment(options.Faults, Get, errors);
        EngineSettings.ApplyProfile(Get("FAKEAI_ENGINE_PROFILE"), "FAKEAI_ENGINE_PROFILE", workingDirectory, options, readFile, errors);
        EngineSettings.ApplyEnvironment(options, Get, errors);
    }

    private static void ApplyConfigFile(FakeAIServerOptions options, string? explicitPath, string workingDirectory, FileReader readFile, List<string> errors)
    {
        var path = Path.Combine(workingDirectory, explicitPath ?? DefaultConfigFileName);
        var text = readFile(path);
        if (text is null)
        {
            if (explicitPath is not null)
            {
                errors.Add($"--config: file '{path}' does not exist");
            }

            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: the config file must hold a JSON object");
                return;
            }

            // An engine profile sets several settings at once; it goes first so the file's own values override it,
            // as flags beside --engine-profile do.
            foreach (var property in document.RootElement.EnumerateObject().OrderBy(p => p.Name == "engineProfile" ? 0 : 1))
            {
                ApplyConfigValue(options, property, $"{path}: '{property.Name}'", Path.GetDirectoryName(path) ?? workingDirectory, readFile, errors);
            }
        }
        catch (JsonException e)
        {
            errors.Add($"{path}: not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    private static void ApplyConfigValue(FakeAIServerOptions options, JsonProperty property, string where, string directory, FileReader readFile, List<string> errors)
    {
        if (!ConfigSettings.TryGetValue(property.Name, out var apply))
        {
            errors.Add($"{where} is not a known setting");
        }
        else if (!apply(new ConfigValue(options, property.Value, where, directory, readFile, errors)))
        {
            errors.Add($"{where} has the wrong type ({property.Value.ValueKind.ToString().ToLowerInvariant()})");
        }
    }

    /// <summary>One <c>fakeai.json</c> value being applied; a setting returns false when the value has the wrong JSON type.</summary>
    private sealed record ConfigValue(FakeAIServerOptions Options, JsonElement Value, string Where, string Directory, FileReader ReadFile, List<string> Errors)
    {
        public bool String(Action<string> set) => Apply(Value.ValueKind == JsonValueKind.String, () => set(Value.GetString()!));

        public bool Int(Action<int> set) => Apply(Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out _), () => set(Value.GetInt32()));

        public bool Long(Action<long> set) => Apply(Value.ValueKind == JsonValueKind.Number && Value.TryGetInt64(out _), () => set(Value.GetInt64()));

        public bool Double(Action<double> set) => Apply(Value.ValueKind == JsonValueKind.Number, () => set(Value.GetDouble()));

        public bool Bool(Action<bool> set) => Apply(Value.ValueKind is JsonValueKind.True or JsonValueKind.False, () => set(Value.GetBoolean()));

        /// <summary>A latency spec may be written as a number (exact) or a string such as "50:30".</summary>
        public bool Latency(Action<LatencySpec> set) => Apply(
            Value.ValueKind is JsonValueKind.String or JsonValueKind.Number,
            () => SetLatency(Value.ValueKind == JsonValueKind.Number ? Value.GetRawText() : Value.GetString(), Where, set, Errors));

        public bool StringArray(Action<string[]> set) => Apply(
            Value.ValueKind == JsonValueKind.Array && Value.EnumerateArray().All(k => k.ValueKind == JsonValueKind.String),
            () => set([.. Value.EnumerateArray().Select(k => k.GetString()!)]));

        private static bool Apply(bool typed, Action apply)
        {
            if (typed)
            {
                apply();
            }

            return typed;
        }
    }

    /// <summary>Every <c>fakeai.json</c> key, each with how it is read and where it goes.</summary>
    private static readonly Dictionary<string, Func<ConfigValue, bool>> ConfigSettings = new(StringComparer.Ordinal)
    {
        ["host"] = c => c.String(v => c.Options.Host = v),
        ["port"] = c => c.Int(v => c.Options.Port = v),
        ["ttft"] = c => c.Latency(v => c.Options.Ttft = v),
        ["itl"] = c => c.Latency(v => c.Options.Itl = v),
        ["prefillPerTokenMs"] = c => c.Double(v => c.Options.PrefillPerTokenMs = v),
        ["apiKeys"] = c => c.StringArray(v => c.Options.ApiKeys = v),
        ["apiKeyFile"] = c => c.String(v => c.Options.ApiKeys = [.. c.Options.ApiKeys, .. ReadKeyFile(Path.Combine(c.Directory, v), c.Where, c.ReadFile, c.Errors)]),
        ["strictModels"] = c => c.Bool(v => c.Options.StrictModels = v),
        ["defaultMaxTokens"] = c => c.Int(v => c.Options.DefaultMaxTokens = v),
        ["reasoningTokens"] = c => c.Int(v => c.Options.ReasoningTokens = v),
        ["tokenizer"] = c => c.String(v => SetTokenizer(c.Options, v, c.Where, c.Errors)),
        ["delayNonStreaming"] = c => c.Bool(v => c.Options.DelayNonStreaming = v),
        ["maxRequestBodyBytes"] = c => c.Long(v => c.Options.MaxRequestBodyBytes = v),
        ["maxOutputTokensPerRequest"] = c => c.Int(v => c.Options.MaxOutputTokensPerRequest = v),
        ["responseStoreCapacity"] = c => c.Int(v => c.Options.ResponseStoreCapacity = v),
        ["sslCertfile"] = c => c.String(v => c.Options.SslCertFile = Path.Combine(c.Directory, v)),
        ["sslKeyfile"] = c => c.String(v => c.Options.SslKeyFile = Path.Combine(c.Directory, v)),
        ["defaultContextWindow"] = c => c.Int(v => c.Options.DefaultContextWindow = v),
        ["promptCaching"] = c => c.Bool(v => c.Options.KvCacheEnabled = v),
        ["strictInputLength"] = c => c.Bool(v => c.Options.StrictInputLength = v),
        ["toolCallRate"] = c => c.Double(v => c.Options.ToolCallRate = v),
        ["kvBlockSize"] = c => c.Int(v => c.Options.KvCache.BlockSize = v),
        ["kvWorkers"] = c => c.Int(v => c.Options.KvCache.Workers = v),
        ["kvCapacityBlocks"] = c => c.Int(v => c.Options.KvCache.CapacityBlocks = v),
        ["router"] = c => c.String(v =>
        {
            if (KvRouterPolicyNames.TryParse(v, out var policy))
            {
                c.Options.KvCache.Router = policy;
            }
            else
            {
                c.Errors.Add($"{c.Where}: '{v}' is not one of {string.Join(", ", KvRouterPolicyNames.All)}");
            }
        }),
        ["kvOverlapWeight"] = c => c.Double(v => c.Options.KvCache.OverlapWeight = v),
        ["routerTemperature"] = c => c.Double(v => c.Options.KvCache.RouterTemperature = v),
        ["kvHitSpeedup"] = c => c.Double(v => c.Options.KvCache.HitSpeedup = v),
        ["rpm"] = c => c.Int(v => c.Options.Limits.RequestsPerMinute = v),
        ["tpm"] = c => c.Int(v => c.Options.Limits.TokensPerMinute = v),
        ["maxConcurrency"] = c => c.Int(v => c.Options.Limits.MaxConcurrency = v),
        ["maxQueue"] = c => c.Int(v => c.Options.Limits.MaxQueue = v),
        ["queueTimeout"] = c => c.Double(v => LimitsSettings.SetSeconds(v, c.Where, t => c.Options.Limits.QueueTimeout = t, c.Errors)),
        ["startupDelay"] = c => c.Double(v => LimitsSettings.SetSeconds(v, c.Where, t => c.Options.Limits.StartupDelay = t, c.Errors)),
        ["faults"] = c => FaultConfigReader.Apply(c.Value, c.Where, c.Options.Faults, c.Errors),
        ["engine"] = c => c.String(v => EngineSettings.SetMode(v, c.Where, c.Options, c.Errors)),
        ["maxNumSeqs"] = c => c.Int(v => c.Options.MaxNumSeqs = v),
        ["maxNumBatchedTokens"] = c => c.Int(v => c.Options.MaxNumBatchedTokens = v),
        ["engineReferencePrompt"] = c => c.Int(v => c.Options.EngineReferencePromptTokens = v),
        ["engineProfile"] = c => c.String(v => EngineSettings.ApplyProfile(v, c.Where, c.Directory, c.Options, c.ReadFile, c.Errors)),
    };

    private static string[] ReadKeyFile(string path, string where, FileReader readFile, List<string> errors)
    {
        var text = readFile(path);
        if (text is null)
        {
            errors.Add($"{where}: key file '{path}' does not exist");
            return [];
        }

        // One key per line; blank lines and '#' comments are skipped.
        return text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();
    }

    private static void SetLatency(string? text, string where, Action<LatencySpec> set, List<string> errors)
    {
        if (text is null)
        {
            return;
        }

        if (LatencySpec.TryParse(text, out var spec, out var error))
        {
            set(spec);
        }
        else
        {
            errors.Add($"{where}: {error}");
        }
    }

    private static void SetTokenizer(FakeAIServerOptions options, string name, string where, List<string> errors)
    {
        if (TokenizerService.TryParse(name, out var encoding))
        {
            options.Tokenizer = encoding;
        }
        else
        {
            errors.Add($"{where}: unknown tokenizer '{name}' (known: {string.Join(", ", TokenizerService.KnownNames)})");
        }
    }

    private static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool TryBool(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "1" or "TRUE" or "YES" or "ON":
                value = true;
                return true;
            case "0" or "FALSE" or "NO" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
