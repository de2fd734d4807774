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
        ApplyEnvironment(options, environment, errors);
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
        options.DefaultContextWindow = a.DefaultContextWindow ?? options.DefaultContextWindow;
        options.KvCacheEnabled = a.PromptCaching ?? options.KvCacheEnabled;
        a.KvCache.ApplyTo(options, errors);
    }

    private static void ApplyEnvironment(FakeAIServerOptions options, IReadOnlyDictionary<string, string?> env, List<string> errors)
    {
        string? Get(string name) => env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (Get("FAKEAI_HOST") is { } host)
        {
            options.Host = host;
        }

        if (Get("FAKEAI_PORT") is { } port)
        {
            SetInt(port, "FAKEAI_PORT", v => options.Port = v, errors);
        }

        // The seed's names: a response delay in seconds is the TTFT; random delay + max variance is the jitter fraction.
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

            foreach (var property in document.RootElement.EnumerateObject())
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
        var value = property.Value;
        switch (property.Name)
        {
            case "host" when value.ValueKind == JsonValueKind.String:
                options.Host = value.GetString()!;
                break;
            case "port" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port):
                options.Port = port;
                break;
            case "ttft" or "itl" when value.ValueKind is JsonValueKind.String or JsonValueKind.Number:
                var raw = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
                SetLatency(raw, where, spec =>
                {
                    if (property.Name == "ttft")
                    {
                        options.Ttft = spec;
                    }
                    else
                    {
                        options.Itl = spec;
                    }
                }, errors);
                break;
            case "prefillPerTokenMs" when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var prefill):
                options.PrefillPerTokenMs = prefill;
                break;
            case "apiKeys" when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(k => k.ValueKind == JsonValueKind.String):
                options.ApiKeys = [.. value.EnumerateArray().Select(k => k.GetString()!)];
                break;
            case "apiKeyFile" when value.ValueKind == JsonValueKind.String:
                options.ApiKeys = [.. options.ApiKeys, .. ReadKeyFile(Path.Combine(directory, value.GetString()!), where, readFile, errors)];
                break;
            case "strictModels" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                options.StrictModels = value.GetBoolean();
                break;
            case "defaultMaxTokens" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var maxTokens):
                options.DefaultMaxTokens = maxTokens;
                break;
            case "reasoningTokens" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var reasoning):
                options.ReasoningTokens = reasoning;
                break;
            case "tokenizer" when value.ValueKind == JsonValueKind.String:
                SetTokenizer(options, value.GetString()!, where, errors);
                break;
            case "delayNonStreaming" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                options.DelayNonStreaming = value.GetBoolean();
                break;
            case "maxRequestBodyBytes" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var maxBody):
                options.MaxRequestBodyBytes = maxBody;
                break;
            case "defaultContextWindow" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var window):
                options.DefaultContextWindow = window;
                break;
            case "promptCaching" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                options.KvCacheEnabled = value.GetBoolean();
                break;
            case "kvBlockSize" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var blockSize):
                options.KvCache.BlockSize = blockSize;
                break;
            case "kvWorkers" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var workers):
                options.KvCache.Workers = workers;
                break;
            case "kvCapacityBlocks" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var capacity):
                options.KvCache.CapacityBlocks = capacity;
                break;
            case "router" when value.ValueKind == JsonValueKind.String:
                if (KvRouterPolicyNames.TryParse(value.GetString()!, out var policy))
                {
                    options.KvCache.Router = policy;
                }
                else
                {
                    errors.Add($"{where}: '{value.GetString()}' is not one of {string.Join(", ", KvRouterPolicyNames.All)}");
                }

                break;
            case "kvOverlapWeight" when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var overlapWeight):
                options.KvCache.OverlapWeight = overlapWeight;
                break;
            case "routerTemperature" when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var temperature):
                options.KvCache.RouterTemperature = temperature;
                break;
            case "kvHitSpeedup" when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var hitSpeedup):
                options.KvCache.HitSpeedup = hitSpeedup;
                break;
            case "host" or "port" or "ttft" or "itl" or "prefillPerTokenMs" or "apiKeys" or "apiKeyFile" or "strictModels"
                or "defaultMaxTokens" or "reasoningTokens" or "tokenizer" or "delayNonStreaming" or "maxRequestBodyBytes"
                or "defaultContextWindow" or "promptCaching" or "kvBlockSize" or "kvWorkers" or "kvCapacityBlocks" or "router"
                or "kvOverlapWeight" or "routerTemperature" or "kvHitSpeedup":
                errors.Add($"{where} has the wrong type ({value.ValueKind.ToString().ToLowerInvariant()})");
                break;
            default:
                errors.Add($"{where} is not a known setting");
                break;
        }
    }

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

    private static void SetInt(string text, string where, Action<int> set, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            errors.Add($"{where}: '{text}' is not an integer");
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
