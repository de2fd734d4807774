using System.Globalization;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench;

/// <summary>
/// Everything a profile run needs, with aiperf's defaults. Build it, call <see cref="Validate"/> (all errors at once), then
/// pass it to <see cref="ProfileRunner"/>.
/// </summary>
public sealed record ProfileConfig
{
    /// <summary>
    /// What the run targets, without secrets: the generated record text would print <see cref="ApiKey"/>, the headers
    /// (credentials among them) and a URL's user info into any log line that shows a config.
    /// </summary>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"ProfileConfig {{ Models = [{string.Join(", ", Models)}], Url = {SecretRedaction.Url(Url)}, EndpointType = {EndpointType}, Streaming = {Streaming}, Concurrency = {Concurrency}, RequestRate = {RequestRate}, RequestCount = {RequestCount} }}");

    // Endpoint
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>How each request picks one of several <see cref="Models"/>.</summary>
    public ModelSelectionStrategy ModelSelectionStrategy { get; init; } = ModelSelectionStrategy.RoundRobin;

    /// <summary>Base URL of the server; a URL without a scheme gets <c>http://</c> (see <see cref="NormalizeUrl"/>).</summary>
    public string Url { get; init; } = "localhost:8000";

    public EndpointType EndpointType { get; init; } = EndpointType.Chat;

    /// <summary>Path used instead of the endpoint type's default (aiperf's <c>--endpoint</c>).</summary>
    public string? CustomEndpoint { get; init; }

    public bool Streaming { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A response header whose value each record keeps (<see cref="Records.RequestRecord.RecordedHeaderValue"/>), e.g. the worker that served it.</summary>
    public string? RecordResponseHeader { get; init; }

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

    // Dataset
    public int InputTokensMean { get; init; } = 550;

    public double InputTokensStddev { get; init; }

    public int InputTokensBlockSize { get; init; } = 512;

    public int? OutputTokensMean { get; init; }

    public double OutputTokensStddev { get; init; }

    public int NumPrefixPrompts { get; init; }

    public int PrefixPromptLength { get; init; }

    public int ConversationNum { get; init; } = 100;

    /// <summary>Turns per synthetic conversation: <c>ceil(normal(mean, stddev))</c>, at least 1; each turn is its own request.</summary>
    public int ConversationTurnMean { get; init; } = 1;

    public double ConversationTurnStddev { get; init; }

    /// <summary>Pause before each turn after the first (ms): <c>normal(mean, stddev)</c>, at least 0, times <see cref="ConversationTurnDelayRatio"/>.</summary>
    public double ConversationTurnDelayMeanMs { get; init; }

    public double ConversationTurnDelayStddevMs { get; init; }

    public double ConversationTurnDelayRatio { get; init; } = 1.0;

    /// <summary>ISL/OSL mixture; when set it replaces the input/output token mean and deviation of synthetic prompts.</summary>
    public SequenceDistribution? SequenceDistribution { get; init; }

    /// <summary>Images sent with each synthetic chat turn (off by default).</summary>
    public SyntheticImages Images { get; init; } = new();

    /// <summary>Audio clips sent with each synthetic chat turn (off by default).</summary>
    public SyntheticAudio Audio { get; init; } = new();

    /// <summary>
    /// Request i takes conversation i mod <see cref="ConversationNum"/> instead of one at random (aiperf samples with
    /// replacement). No flag sets it: the memory benchmark uses it so that no prompt repeats.
    /// </summary>
    public bool SampleSequentially { get; init; }

    public int BatchSize { get; init; } = 1;

    // Synthetic rankings (later aiperf's --rankings-* options and defaults): passages per query, tokens per passage and query.
    public int RankingsPassagesMean { get; init; } = 10;

    public double RankingsPassagesStddev { get; init; }

    public int RankingsPassageTokensMean { get; init; } = 128;

    public double RankingsPassageTokensStddev { get; init; }

    public int RankingsQueryTokensMean { get; init; } = 32;

    public double RankingsQueryTokensStddev { get; init; }

    public string? InputFile { get; init; }

    public CustomDatasetType? CustomDatasetType { get; init; }

    public string? PublicDataset { get; init; }

    public bool FixedSchedule { get; init; }

    public bool FixedScheduleAutoOffset { get; init; }

    public long? FixedScheduleStartOffsetMs { get; init; }

    public long? FixedScheduleEndOffsetMs { get; init; }

    public TokenizerEncoding Tokenizer { get; init; } = TokenizerEncoding.O200kBase;

    /// <summary>Hugging Face revision of the tokenizer (recorded; only local tokenizers are loaded).</summary>
    public string TokenizerRevision { get; init; } = "main";

    public bool TokenizerTrustRemoteCode { get; init; }

    /// <summary>A local tokenizer (a Hugging Face <c>tokenizer.json</c>, a SentencePiece <c>tokenizer.model</c>, or a folder
    /// holding one) used instead of <see cref="Tokenizer"/>.</summary>
    public string? TokenizerPath { get; init; }

    public int? RandomSeed { get; init; }

    /// <summary>This process's part of a run split over several (<c>--shard i/N</c>); null for the whole run.</summary>
    public Sharding.ShardSpec? Shard { get; init; }

    /// <summary>The wall-clock instant at which the profiling phase starts (<c>--start-at</c>), shared by every shard; null
    /// to start as soon as the process is ready.</summary>
    public DateTimeOffset? StartAt { get; init; }

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

    /// <summary>A server URL as every command accepts it: <see cref="NormalizeUrl"/>d, absolute, http or https.</summary>
    public static bool TryParseUrl(string? url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(NormalizeUrl(url ?? ""), UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

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
        : RequestRate is not null && RequestRateMode != RequestRateMode.ConcurrencyBurst ? LoadMode.RequestRate
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
                // aiperf formats the rate as a Python float: 10 → request_rate10.0.
                stimulus.Add("request_rate" + Export.InvariantFormat.PythonFloat(rate));
            }
        }

        return $"{model}-openai-{EndpointTypes.NameOf(EndpointType)}-{string.Join('-', stimulus)}";
    }

    private static ConfigProblem? CaFileProblem(string path)
    {
        if (!File.Exists(path))
        {
            return new("{0} '" + Escape(path) + "' does not exist", nameof(CaFile));
        }

        try
        {
            Client.TlsTrust.FromCaFile(path);
            return null;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return new("{0} '" + Escape(path) + "' holds no readable certificate: " + Escape(e.Message), nameof(CaFile));
        }
    }

    /// <summary>A shard builds the whole run's plan, so it needs a --random-seed shared by all shards, and every shard needs a part
    /// of each budget it splits (a shard with no connection or no request would be a process that does nothing).</summary>
    private void AddShardProblems(List<ConfigProblem> errors)
    {
        if (Shard is not { Count: > 1 } shard)
        {
            return;
        }

        if (RandomSeed is null)
        {
            errors.Add(new("{0} needs {1}: every shard builds the same plan from the same seed", nameof(Shard), nameof(RandomSeed)));
        }

        var mode = ResolveLoadMode();
        if ((mode == LoadMode.Concurrency ? EffectiveConcurrency : Concurrency) is { } concurrency && concurrency < shard.Count)
        {
            errors.Add(new("{0} " + shard + " splits {1} " + concurrency.ToString(CultureInfo.InvariantCulture) + " over fewer connections than shards: give at least one per shard", nameof(Shard), nameof(Concurrency)));
        }

        if (BenchmarkDurationSeconds is null && mode != LoadMode.FixedSchedule && CustomDatasetType != Bench.CustomDatasetType.MooncakeTrace && RequestCount < shard.Count)
        {
            errors.Add(new("{0} " + shard + " needs {1} >= the shard count", nameof(Shard), nameof(RequestCount)));
        }
    }

    /// <summary>Every problem with this configuration, each as one line in the config's own words; empty when the run can start.</summary>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.ToString())];

    /// <summary>Every problem with this configuration, with the settings it concerns, so a front end can name them its way.</summary>
    public IReadOnlyList<ConfigProblem> Problems()
    {
        var errors = new List<ConfigProblem>();
        if (Models.Count == 0 || Models.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new("{0} is required (one name or a comma-separated list)", nameof(Models)));
        }

        if (!TryParseUrl(Url, out _))
        {
            errors.Add(new("{0} '" + Escape(Url) + "' is not a valid http(s) URL", nameof(Url)));
        }

        foreach (var header in Headers.Where(h => !Client.RequestTemplate.IsValid(h)))
        {
            errors.Add(new("{0} '" + Escape(header.Key) + "' is not a valid HTTP header (a token name and a value without line breaks)", nameof(Headers)));
        }

        if (RequestTimeoutSeconds <= 0 || !double.IsFinite(RequestTimeoutSeconds))
        {
            errors.Add(new("{0} must be > 0", nameof(RequestTimeoutSeconds)));
        }

        if (CaFile is not null && Insecure)
        {
            errors.Add(new("{0} and {1} cannot be used together", nameof(CaFile), nameof(Insecure)));
        }
        else if (CaFile is not null && CaFileProblem(CaFile) is { } caProblem)
        {
            errors.Add(caProblem);
        }

        if (ServerOutageTimeoutSeconds <= 0 || !double.IsFinite(ServerOutageTimeoutSeconds))
        {
            errors.Add(new("{0} must be > 0 seconds", nameof(ServerOutageTimeoutSeconds)));
        }

        if (MaxResponseBytes < 1 || MaxSseLineBytes < 1 || MaxSseEventBytes < 1)
        {
            errors.Add(new("{0}, {1} and {2} must be >= 1", nameof(MaxResponseBytes), nameof(MaxSseLineBytes), nameof(MaxSseEventBytes)));
        }

        if (Concurrency is < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(Concurrency)));
        }

        if (RequestRate is { } rate && (rate <= 0 || !double.IsFinite(rate)))
        {
            errors.Add(new("{0} must be > 0", nameof(RequestRate)));
        }

        if (RequestCount < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(RequestCount)));
        }

        if (WarmupRequestCount < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(WarmupRequestCount)));
        }

        if (BenchmarkDurationSeconds is { } duration)
        {
            if (duration < 1 || !double.IsFinite(duration))
            {
                errors.Add(new("{0} must be >= 1 second", nameof(BenchmarkDurationSeconds)));
            }

            if (RequestCountSet)
            {
                errors.Add(new("{0} and {1} cannot be used together", nameof(BenchmarkDurationSeconds), nameof(RequestCount)));
            }
        }
        else if (GracePeriodSet)
        {
            errors.Add(new("{0} is only valid with {1}", nameof(BenchmarkGracePeriodSeconds), nameof(BenchmarkDurationSeconds)));
        }

        if (BenchmarkGracePeriodSeconds < 0 || !double.IsFinite(BenchmarkGracePeriodSeconds))
        {
            errors.Add(new("{0} must be >= 0", nameof(BenchmarkGracePeriodSeconds)));
        }

        if (RequestCancellationRate is < 0 or > 100)
        {
            errors.Add(new("{0} must be between 0 and 100 (percent)", nameof(RequestCancellationRate)));
        }

        if (RequestCancellationDelaySeconds < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(RequestCancellationDelaySeconds)));
        }

        if (InputTokensMean < 1 && InputFile is null && PublicDataset is null)
        {
            errors.Add(new("{0} must be >= 1", nameof(InputTokensMean)));
        }

        if (InputTokensStddev < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(InputTokensStddev)));
        }

        if (OutputTokensStddev < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(OutputTokensStddev)));
        }

        if (InputTokensBlockSize < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(InputTokensBlockSize)));
        }

        if (OutputTokensMean is < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(OutputTokensMean)));
        }

        if (NumPrefixPrompts < 0 || PrefixPromptLength < 0)
        {
            errors.Add(new("{0} and {1} must be >= 0", nameof(NumPrefixPrompts), nameof(PrefixPromptLength)));
        }

        if (NumPrefixPrompts > 0 && PrefixPromptLength == 0)
        {
            errors.Add(new("{0} needs {1} > 0", nameof(NumPrefixPrompts), nameof(PrefixPromptLength)));
        }

        if (ConversationNum < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(ConversationNum)));
        }

        AddConversationProblems(errors);
        AddMediaProblems(errors);
        AddShardProblems(errors);

        if (BatchSize < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(BatchSize)));
        }

        foreach (var (name, value) in new[] { (nameof(RankingsPassagesMean), RankingsPassagesMean), (nameof(RankingsPassageTokensMean), RankingsPassageTokensMean), (nameof(RankingsQueryTokensMean), RankingsQueryTokensMean) })
        {
            if (value < 1)
            {
                errors.Add(new("{0} must be >= 1", name));
            }
        }

        foreach (var (name, value) in new[] { (nameof(RankingsPassagesStddev), RankingsPassagesStddev), (nameof(RankingsPassageTokensStddev), RankingsPassageTokensStddev), (nameof(RankingsQueryTokensStddev), RankingsQueryTokensStddev) })
        {
            if (value < 0)
            {
                errors.Add(new("{0} must be >= 0", name));
            }
        }

        if (InputFile is not null && !File.Exists(InputFile) && !Directory.Exists(InputFile))
        {
            errors.Add(new("{0} '" + Escape(InputFile) + "' does not exist", nameof(InputFile)));
        }

        if (CustomDatasetType is not null && InputFile is null)
        {
            errors.Add(new("{0} needs {1}", nameof(CustomDatasetType), nameof(InputFile)));
        }

        if (PublicDataset is not null)
        {
            if (!PublicDataset.Equals("sharegpt", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new("{0} '" + Escape(PublicDataset) + "' is not supported (only sharegpt)", nameof(PublicDataset)));
            }

            if (CustomDatasetType is not null)
            {
                errors.Add(new("{0} and {1} cannot be used together", nameof(PublicDataset), nameof(CustomDatasetType)));
            }

            if (InputFile is null)
            {
                errors.Add(new("{0} sharegpt reads a local file: pass the downloaded ShareGPT_V3_unfiltered_cleaned_split.json as {1} (nothing is downloaded)", nameof(PublicDataset), nameof(InputFile)));
            }
        }

        if (FixedSchedule && InputFile is null)
        {
            errors.Add(new("{0} needs {1}", nameof(FixedSchedule), nameof(InputFile)));
        }

        if (FixedScheduleAutoOffset && FixedScheduleStartOffsetMs is not null)
        {
            errors.Add(new("{0} and {1} cannot be used together", nameof(FixedScheduleAutoOffset), nameof(FixedScheduleStartOffsetMs)));
        }

        if (FixedScheduleStartOffsetMs is { } start && FixedScheduleEndOffsetMs is { } end && start > end)
        {
            errors.Add(new("{0} must be <= {1}", nameof(FixedScheduleStartOffsetMs), nameof(FixedScheduleEndOffsetMs)));
        }

        if (TokenizerPath is not null && !LocalTokenizer.TryLoad(TokenizerPath, out _, out var tokenizerError))
        {
            errors.Add(new("{0}: " + tokenizerError!.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), nameof(TokenizerPath)));
        }

        if (UseServerTokenCount && !EndpointTypes.ProducesTokens(EndpointType))
        {
            errors.Add(new("{0} needs an endpoint that produces tokens", nameof(UseServerTokenCount)));
        }

        foreach (var target in Goodput)
        {
            if (!EffectiveStreaming && Metrics.MetricCatalog.IsStreamingOnly(target.Tag))
            {
                errors.Add(new("{0}: " + target.Tag + " needs {1}", nameof(Goodput), nameof(Streaming)));
            }
        }

        return errors;
    }

    private void AddConversationProblems(List<ConfigProblem> errors)
    {
        if (ConversationTurnMean < 1)
        {
            errors.Add(new("{0} must be >= 1", nameof(ConversationTurnMean)));
        }

        foreach (var (value, name) in new[]
        {
            (ConversationTurnStddev, nameof(ConversationTurnStddev)),
            (ConversationTurnDelayMeanMs, nameof(ConversationTurnDelayMeanMs)),
            (ConversationTurnDelayStddevMs, nameof(ConversationTurnDelayStddevMs)),
            (ConversationTurnDelayRatio, nameof(ConversationTurnDelayRatio)),
        })
        {
            if (value < 0 || !double.IsFinite(value))
            {
                errors.Add(new("{0} must be >= 0", name));
            }
        }
    }

    private void AddMediaProblems(List<ConfigProblem> errors)
    {
        foreach (var (value, name) in new[]
        {
            (Images.WidthMean, nameof(SyntheticImages.WidthMean)), (Images.WidthStddev, nameof(SyntheticImages.WidthStddev)),
            (Images.HeightMean, nameof(SyntheticImages.HeightMean)), (Images.HeightStddev, nameof(SyntheticImages.HeightStddev)),
        })
        {
            if (value < 0 || !double.IsFinite(value))
            {
                errors.Add(new("{0} must be >= 0", nameof(Images) + "." + name));
            }
        }

        if (Images.BatchSize < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(Images) + "." + nameof(SyntheticImages.BatchSize)));
        }

        if (!SyntheticImages.Formats.Contains(Images.Format))
        {
            errors.Add(new("{0} '" + Escape(Images.Format) + "' must be png, jpeg or random", nameof(Images) + "." + nameof(SyntheticImages.Format)));
        }

        if (Audio.LengthMeanSeconds < 0 || Audio.LengthStddevSeconds < 0 || !double.IsFinite(Audio.LengthMeanSeconds + Audio.LengthStddevSeconds))
        {
            errors.Add(new("{0} and {1} must be >= 0", nameof(Audio) + "." + nameof(SyntheticAudio.LengthMeanSeconds), nameof(Audio) + "." + nameof(SyntheticAudio.LengthStddevSeconds)));
        }

        if (Audio.BatchSize < 0)
        {
            errors.Add(new("{0} must be >= 0", nameof(Audio) + "." + nameof(SyntheticAudio.BatchSize)));
        }

        if (!SyntheticAudio.Formats.Contains(Audio.Format))
        {
            errors.Add(new("{0} '" + Escape(Audio.Format) + "' must be wav or mp3", nameof(Audio) + "." + nameof(SyntheticAudio.Format)));
        }

        if (Audio.Depths.Count == 0 || Audio.Depths.Any(d => !SyntheticAudio.SupportedDepths.Contains(d)))
        {
            errors.Add(new("{0} must each be 8, 16, 24 or 32 (bits)", nameof(Audio) + "." + nameof(SyntheticAudio.Depths)));
        }

        if (Audio.SampleRatesKhz.Count == 0 || Audio.SampleRatesKhz.Any(r => r <= 0 || !double.IsFinite(r)))
        {
            errors.Add(new("{0} must each be > 0 (kHz)", nameof(Audio) + "." + nameof(SyntheticAudio.SampleRatesKhz)));
        }
        else if (Audio.Format == "mp3" && Audio.SampleRatesKhz.Any(r => !SyntheticAudio.Mp3SampleRatesKhz.Contains(r)))
        {
            errors.Add(new("{0} for mp3 must each be one of 8, 11.025, 12, 16, 22.05, 24, 32, 44.1, 48 (kHz)", nameof(Audio) + "." + nameof(SyntheticAudio.SampleRatesKhz)));
        }

        if (Audio.Channels is < 1 or > 2)
        {
            errors.Add(new("{0} must be 1 or 2", nameof(Audio) + "." + nameof(SyntheticAudio.Channels)));
        }

        if (Audio.Enabled && EndpointType is not (EndpointType.Chat or EndpointType.Responses))
        {
            errors.Add(new("synthetic audio is sent as chat or Responses content parts and needs the chat or responses {0}", nameof(EndpointType)));
        }
        else if (Images.Enabled && EndpointType is not (EndpointType.Chat or EndpointType.Messages or EndpointType.Responses))
        {
            errors.Add(new("synthetic images are sent as content parts and need the chat, messages or responses {0}", nameof(EndpointType)));
        }
    }

    /// <summary>User text inside a template: braces doubled so string.Format leaves them alone.</summary>
    private static string Escape(string? text) => (text ?? "").Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
