using System.Globalization;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench;

/// <summary>
/// Everything a profile run needs, with aiperf's defaults. Build it, call <see cref="Validate"/> (all errors at once), then
/// pass it to <see cref="ProfileRunner"/>.
/// </summary>
public sealed record ProfileConfig
{
    // Endpoint
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Base URL of the server; a URL without a scheme gets <c>http://</c> (see <see cref="NormalizeUrl"/>).</summary>
    public string Url { get; init; } = "localhost:8000";

    public EndpointType EndpointType { get; init; } = EndpointType.Chat;

    /// <summary>Path used instead of the endpoint type's default (aiperf's <c>--endpoint</c>).</summary>
    public string? CustomEndpoint { get; init; }

    public bool Streaming { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<ExtraInput> ExtraInputs { get; init; } = [];

    public double RequestTimeoutSeconds { get; init; } = 600;

    /// <summary>PEM (or DER) file whose certificates are the only trusted roots for an https URL (e.g. a self-signed server).</summary>
    public string? CaFile { get; init; }

    /// <summary>Accept any server certificate (https without verification).</summary>
    public bool Insecure { get; init; }

    /// <summary>How long the server may refuse connections (with no response in between) before the run stops; sending pauses
    /// during the outage and resumes when the server accepts connections again.</summary>
    public double ServerOutageTimeoutSeconds { get; init; } = 30;

    /// <summary>Largest response body read whole (non-streamed answers and error bodies); a longer one is a per-request error.</summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Longest SSE line accepted; a longer one (e.g. a stream without newlines) is a per-request error.</summary>
    public int MaxSseLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest SSE event (its data lines joined) accepted.</summary>
    public int MaxSseEventBytes { get; init; } = 16 * 1024 * 1024;

    // Load generator
    public int? Concurrency { get; init; }

    public double? RequestRate { get; init; }

    public RequestRateMode RequestRateMode { get; init; } = RequestRateMode.Poisson;

    public int RequestCount { get; init; } = 10;

    /// <summary>True when the user passed <c>--request-count</c> (only an explicit count conflicts with a duration).</summary>
    public bool RequestCountSet { get; init; }

    public int WarmupRequestCount { get; init; }

    public double? BenchmarkDurationSeconds { get; init; }

    public double BenchmarkGracePeriodSeconds { get; init; } = 30;

    public bool GracePeriodSet { get; init; }

    /// <summary>Percent (0–100) of requests to cancel after <see cref="RequestCancellationDelaySeconds"/>.</summary>
    public double RequestCancellationRate { get; init; }

    public double RequestCancellationDelaySeconds { get; init; }

    /// <summary>How far behind its schedule the open-loop pacer may fall before it re-bases instead of bursting.</summary>
    public double MaxCatchUpSeconds { get; init; } = 0.01;

    // Dataset
    public int InputTokensMean { get; init; } = 550;

    public double InputTokensStddev { get; init; }

    public int InputTokensBlockSize { get; init; } = 512;

    public int? OutputTokensMean { get; init; }

    public double OutputTokensStddev { get; init; }

    public int NumPrefixPrompts { get; init; }

    public int PrefixPromptLength { get; init; }

    public int ConversationNum { get; init; } = 100;

    /// <summary>
    /// Request i takes conversation i mod <see cref="ConversationNum"/> instead of one at random (aiperf samples with
    /// replacement). No flag sets it: the memory benchmark uses it so that no prompt repeats.
    /// </summary>
    public bool SampleSequentially { get; init; }

    public int BatchSize { get; init; } = 1;

    public string? InputFile { get; init; }

    public CustomDatasetType? CustomDatasetType { get; init; }

    public string? PublicDataset { get; init; }

    public bool FixedSchedule { get; init; }

    public bool FixedScheduleAutoOffset { get; init; }

    public long? FixedScheduleStartOffsetMs { get; init; }

    public long? FixedScheduleEndOffsetMs { get; init; }

    public TokenizerEncoding Tokenizer { get; init; } = TokenizerEncoding.O200kBase;

    public int? RandomSeed { get; init; }

    public IReadOnlyList<GoodputTarget> Goodput { get; init; } = [];

    public bool UseServerTokenCount { get; init; }

    /// <summary>The command line as typed, recorded in <c>input_config.cli_command</c>.</summary>
    public string? CliCommand { get; init; }

    /// <summary>Streaming is forced off for endpoints that cannot stream, as aiperf does.</summary>
    public bool EffectiveStreaming => Streaming && EndpointTypes.SupportsStreaming(EndpointType);

    public static string NormalizeUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.Trim();
        return trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
    }

    /// <summary>The full request URI: base URL plus the custom endpoint or the type's default path.</summary>
    public Uri RequestUri()
    {
        var baseUrl = NormalizeUrl(Url).TrimEnd('/');
        var path = CustomEndpoint ?? EndpointTypes.DefaultPath(EndpointType);
        return new Uri(baseUrl + (path.StartsWith('/') ? path : "/" + path));
    }

    /// <summary>aiperf's mode resolution (user_config.py): fixed schedule, then request rate, else concurrency.</summary>
    public LoadMode ResolveLoadMode() =>
        FixedSchedule ? LoadMode.FixedSchedule
        : RequestRate is not null ? LoadMode.RequestRate
        : LoadMode.Concurrency;

    public int EffectiveConcurrency => Concurrency ?? 1;

    /// <summary>aiperf's artifact directory name: <c>&lt;model&gt;[_multi]-openai-&lt;type&gt;-&lt;stimulus&gt;</c>.</summary>
    public string ArtifactDirectoryName()
    {
        var model = Models.Count == 0 ? "model" : Models[0].Replace('/', '_').Replace('\\', '_');
        if (Models.Count > 1)
        {
            model += "_multi";
        }

        var stimulus = new List<string>();
        if (ResolveLoadMode() == LoadMode.FixedSchedule)
        {
            stimulus.Add("fixed_schedule");
        }
        else
        {
            if (Concurrency is not null || RequestRate is null)
            {
                stimulus.Add("concurrency" + EffectiveConcurrency.ToString(CultureInfo.InvariantCulture));
            }

            if (RequestRate is { } rate)
            {
                stimulus.Add("request_rate" + rate.ToString("0.###", CultureInfo.InvariantCulture));
            }
        }

        return $"{model}-openai-{EndpointTypes.NameOf(EndpointType)}-{string.Join('-', stimulus)}";
    }

    private static string? CaFileError(string path)
    {
        if (!File.Exists(path))
        {
            return $"--ca-file '{path}' does not exist";
        }

        try
        {
            Client.TlsTrust.FromCaFile(path);
            return null;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return $"--ca-file '{path}' holds no readable certificate: {e.Message}";
        }
    }

    /// <summary>Every problem with this configuration, each as one line; empty when the run can start.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Models.Count == 0 || Models.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("--model is required (one name or a comma-separated list)");
        }

        if (!Uri.TryCreate(NormalizeUrl(Url ?? ""), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"--url '{Url}' is not a valid http(s) URL");
        }

        foreach (var header in Headers.Where(h => !Client.RequestTemplate.IsValid(h)))
        {
            errors.Add($"--header '{header.Key}' is not a valid HTTP header (a token name and a value without line breaks)");
        }

        if (RequestTimeoutSeconds <= 0 || !double.IsFinite(RequestTimeoutSeconds))
        {
            errors.Add("--request-timeout-seconds must be > 0");
        }

        if (CaFile is not null && Insecure)
        {
            errors.Add("--ca-file and --insecure cannot be used together");
        }
        else if (CaFile is not null && CaFileError(CaFile) is { } caError)
        {
            errors.Add(caError);
        }

        if (ServerOutageTimeoutSeconds <= 0 || !double.IsFinite(ServerOutageTimeoutSeconds))
        {
            errors.Add("--server-outage-timeout must be > 0 seconds");
        }

        if (MaxResponseBytes < 1 || MaxSseLineBytes < 1 || MaxSseEventBytes < 1)
        {
            errors.Add("--max-response-bytes, --max-sse-line-bytes and --max-sse-event-bytes must be >= 1");
        }

        if (Concurrency is < 1)
        {
            errors.Add("--concurrency must be >= 1");
        }

        if (RequestRate is { } rate && (rate <= 0 || !double.IsFinite(rate)))
        {
            errors.Add("--request-rate must be > 0");
        }

        if (RequestCount < 1)
        {
            errors.Add("--request-count must be >= 1");
        }

        if (WarmupRequestCount < 0)
        {
            errors.Add("--warmup-request-count must be >= 0");
        }

        if (BenchmarkDurationSeconds is { } duration)
        {
            if (duration < 1 || !double.IsFinite(duration))
            {
                errors.Add("--benchmark-duration must be >= 1 second");
            }

            if (RequestCountSet)
            {
                errors.Add("--benchmark-duration and --request-count cannot be used together");
            }
        }
        else if (GracePeriodSet)
        {
            errors.Add("--benchmark-grace-period is only valid with --benchmark-duration");
        }

        if (BenchmarkGracePeriodSeconds < 0 || !double.IsFinite(BenchmarkGracePeriodSeconds))
        {
            errors.Add("--benchmark-grace-period must be >= 0");
        }

        if (RequestCancellationRate is < 0 or > 100)
        {
            errors.Add("--request-cancellation-rate must be between 0 and 100 (percent)");
        }

        if (RequestCancellationDelaySeconds < 0)
        {
            errors.Add("--request-cancellation-delay must be >= 0");
        }

        if (InputTokensMean < 1 && InputFile is null && PublicDataset is null)
        {
            errors.Add("--synthetic-input-tokens-mean must be >= 1");
        }

        if (InputTokensStddev < 0 || OutputTokensStddev < 0)
        {
            errors.Add("token standard deviations must be >= 0");
        }

        if (InputTokensBlockSize < 1)
        {
            errors.Add("--isl-block-size must be >= 1");
        }

        if (OutputTokensMean is < 1)
        {
            errors.Add("--output-tokens-mean must be >= 1");
        }

        if (NumPrefixPrompts < 0 || PrefixPromptLength < 0)
        {
            errors.Add("--num-prefix-prompts and --prefix-prompt-length must be >= 0");
        }

        if (NumPrefixPrompts > 0 && PrefixPromptLength == 0)
        {
            errors.Add("--num-prefix-prompts needs --prefix-prompt-length > 0");
        }

        if (ConversationNum < 1)
        {
            errors.Add("--conversation-num must be >= 1");
        }

        if (BatchSize < 1)
        {
            errors.Add("--batch-size must be >= 1");
        }

        if (InputFile is not null && !File.Exists(InputFile) && !Directory.Exists(InputFile))
        {
            errors.Add($"--input-file '{InputFile}' does not exist");
        }

        if (CustomDatasetType is not null && InputFile is null)
        {
            errors.Add("--custom-dataset-type needs --input-file");
        }

        if (PublicDataset is not null)
        {
            if (!PublicDataset.Equals("sharegpt", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"--public-dataset '{PublicDataset}' is not supported (only sharegpt)");
            }

            if (CustomDatasetType is not null)
            {
                errors.Add("--public-dataset and --custom-dataset-type cannot be used together");
            }

            if (InputFile is null)
            {
                errors.Add("--public-dataset sharegpt reads a local file: pass the downloaded ShareGPT_V3_unfiltered_cleaned_split.json with --input-file (nothing is downloaded)");
            }
        }

        if (FixedSchedule && InputFile is null)
        {
            errors.Add("--fixed-schedule needs --input-file");
        }

        if (FixedScheduleAutoOffset && FixedScheduleStartOffsetMs is not null)
        {
            errors.Add("--fixed-schedule-auto-offset and --fixed-schedule-start-offset cannot be used together");
        }

        if (FixedScheduleStartOffsetMs is { } start && FixedScheduleEndOffsetMs is { } end && start > end)
        {
            errors.Add("--fixed-schedule-start-offset must be <= --fixed-schedule-end-offset");
        }

        if (UseServerTokenCount && !EndpointTypes.ProducesTokens(EndpointType))
        {
            errors.Add("--use-server-token-count needs an endpoint that produces tokens");
        }

        foreach (var target in Goodput)
        {
            if (!EffectiveStreaming && Metrics.MetricCatalog.IsStreamingOnly(target.Tag))
            {
                errors.Add($"--goodput: {target.Tag} needs --streaming");
            }
        }

        return errors;
    }
}
