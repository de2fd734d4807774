using System.CommandLine;
using FakeAI.Bench;
using FakeAI.Cli.Embedded;
using FakeAI.Cli.Parsing;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server;

namespace FakeAI.Cli.Profile;

/// <summary>Turns parsed options into a <see cref="ProfileConfig"/> plus CLI-only settings, collecting every error.</summary>
internal static class ProfileConfigParser
{
    /// <summary>An option not given takes the engine's own default, so the two cannot drift apart.</summary>
    private static readonly ProfileConfig Defaults = new();

    public static ProfileInvocation Parse(ParseResult parse, ProfileOptions o)
    {
        var errors = new List<string>();
        var models = ListValues.Split(parse.GetValue(o.Model));

        var endpointType = Bench.EndpointType.Chat;
        if (parse.GetValue(o.EndpointType) is { } typeText && !EndpointTypes.TryParse(typeText, out endpointType))
        {
            errors.Add($"--endpoint-type '{typeText}' is not supported (chat, completions, embeddings, rankings, responses, messages)");
        }

        if (parse.GetValue(o.ServiceKind) is { } kind && !kind.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"--service-kind '{kind}' is not supported (only openai)");
        }

        var rateMode = Choice<Bench.RequestRateMode>.Parse(
            parse.GetValue(o.RequestRateMode), "--request-rate-mode", Bench.RequestRateMode.Poisson, errors,
            new("constant", Bench.RequestRateMode.Constant),
            new("poisson", Bench.RequestRateMode.Poisson),
            new("concurrency_burst", Bench.RequestRateMode.ConcurrencyBurst));
        var selection = Choice<Bench.ModelSelectionStrategy>.Parse(
            parse.GetValue(o.ModelSelectionStrategy), "--model-selection-strategy", Bench.ModelSelectionStrategy.RoundRobin, errors,
            new("round_robin", Bench.ModelSelectionStrategy.RoundRobin),
            new("random", Bench.ModelSelectionStrategy.Random));

        SequenceDistribution? sequenceDistribution = null;
        if (parse.GetValue(o.SequenceDistribution) is { } mixtureText && !SequenceDistribution.TryParse(mixtureText, out sequenceDistribution, out var mixtureError))
        {
            errors.Add("--seq-dist " + mixtureError);
        }

        var datasetType = Choice<Bench.CustomDatasetType?>.Parse(
            parse.GetValue(o.CustomDatasetType), "--custom-dataset-type", null, errors,
            new("single_turn", Bench.CustomDatasetType.SingleTurn),
            new("multi_turn", Bench.CustomDatasetType.MultiTurn),
            new("random_pool", Bench.CustomDatasetType.RandomPool),
            new("mooncake_trace", Bench.CustomDatasetType.MooncakeTrace));

        var tokenizer = TokenizerEncoding.O200kBase;
        string? tokenizerPath = null;
        if (parse.GetValue(o.Tokenizer) is { } tokenizerName && !TokenizerService.TryParse(tokenizerName, out tokenizer))
        {
            if (LocalTokenizer.Exists(tokenizerName))
            {
                tokenizerPath = tokenizerName;
            }
            else
            {
                errors.Add($"--tokenizer '{tokenizerName}' is not built in (o200k_base, cl100k_base) nor on disk; nothing is downloaded: pass a folder holding its {LocalTokenizer.HuggingFaceFileName} or {LocalTokenizer.SentencePieceFileName}");
            }
        }

        IReadOnlyList<GoodputTarget> goodput = [];
        if (parse.GetResult(o.Goodput) is not null && !GoodputTarget.TryParse(string.Join(' ', parse.GetValue(o.Goodput) ?? []), out goodput, out var goodputError))
        {
            errors.Add("--goodput: " + goodputError);
        }

        var extras = new List<ExtraInput>();
        foreach (var text in parse.GetValue(o.ExtraInputs) ?? [])
        {
            if (ExtraInput.TryParse(text, out var parsed, out var error))
            {
                extras.AddRange(parsed);
            }
            else
            {
                errors.Add("--extra-inputs " + error);
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var text in parse.GetValue(o.Header) ?? [])
        {
            if (HeaderArgument.TryParse(text, out var parsed, out var error))
            {
                headers.AddRange(parsed);
            }
            else
            {
                errors.Add("--header " + error);
            }
        }

        var media = ProfileMediaParser.Parse(parse, o, errors);
        var (shard, startAt) = o.Shards.Read(parse, errors);

        var ui = Choice<string>.Parse(parse.GetValue(o.Ui), "--ui", "dashboard", errors, new("dashboard", "dashboard"), new("simple", "simple"), new("none", "none"));

        var maxErrorRate = parse.GetValue(o.MaxErrorRate);
        if (maxErrorRate is < 0 or > 100)
        {
            errors.Add("--max-error-rate must be between 0 and 100 (percent)");
        }

        var url = parse.GetValue(o.Url);
        LatencySpec? ttft = ParseLatency(parse.GetValue(o.Ttft), "--ttft", errors);
        LatencySpec? itl = ParseLatency(parse.GetValue(o.Itl), "--itl", errors);
        var kvCache = o.KvCache.Read(parse);
        FakeAIServerOptions? embedded = null;
        if (url is not null)
        {
            if (ttft is not null || itl is not null || EmbeddedKvCacheOptions.AnyGiven(kvCache))
            {
                errors.Add($"--ttft/--itl/{EmbeddedKvCacheOptions.Names} configure the embedded server and cannot be combined with --url");
            }
        }
        else
        {
            embedded = new FakeAIServerOptions { Host = "127.0.0.1", Port = 0 };
            embedded.Ttft = ttft ?? embedded.Ttft;
            embedded.Itl = itl ?? embedded.Itl;
            kvCache.ApplyTo(embedded, errors);
            errors.AddRange(embedded.Validate().Select(e => "embedded server: " + e));
        }

        var config = new ProfileConfig
        {
            Models = models,
            ModelSelectionStrategy = selection,
            Url = url ?? "127.0.0.1:0",
            EndpointType = endpointType,
            CustomEndpoint = parse.GetValue(o.CustomEndpoint),
            Streaming = parse.GetValue(o.Streaming),
            ApiKey = parse.GetValue(o.ApiKey),
            Headers = headers,
            ExtraInputs = extras,
            RequestTimeoutSeconds = parse.GetValue(o.RequestTimeout) ?? Defaults.RequestTimeoutSeconds,
            Concurrency = parse.GetValue(o.Concurrency),
            RequestRate = parse.GetValue(o.RequestRate),
            RequestRateMode = rateMode,
            RequestCount = parse.GetValue(o.RequestCount) ?? Defaults.RequestCount,
            RequestCountSet = parse.GetResult(o.RequestCount) is not null,
            WarmupRequestCount = parse.GetValue(o.WarmupRequestCount) ?? Defaults.WarmupRequestCount,
            BenchmarkDurationSeconds = parse.GetValue(o.BenchmarkDuration),
            BenchmarkGracePeriodSeconds = parse.GetValue(o.BenchmarkGracePeriod) ?? Defaults.BenchmarkGracePeriodSeconds,
            GracePeriodSet = parse.GetResult(o.BenchmarkGracePeriod) is not null,
            RequestCancellationRate = parse.GetValue(o.CancellationRate) ?? Defaults.RequestCancellationRate,
            RequestCancellationDelaySeconds = parse.GetValue(o.CancellationDelay) ?? Defaults.RequestCancellationDelaySeconds,
            InputTokensMean = parse.GetValue(o.InputTokensMean) ?? Defaults.InputTokensMean,
            InputTokensStddev = parse.GetValue(o.InputTokensStddev) ?? Defaults.InputTokensStddev,
            InputTokensBlockSize = parse.GetValue(o.InputTokensBlockSize) ?? Defaults.InputTokensBlockSize,
            OutputTokensMean = parse.GetValue(o.OutputTokensMean),
            OutputTokensStddev = parse.GetValue(o.OutputTokensStddev) ?? Defaults.OutputTokensStddev,
            NumPrefixPrompts = parse.GetValue(o.NumPrefixPrompts) ?? Defaults.NumPrefixPrompts,
            PrefixPromptLength = parse.GetValue(o.PrefixPromptLength) ?? Defaults.PrefixPromptLength,
            ConversationNum = parse.GetValue(o.ConversationNum) ?? Defaults.ConversationNum,
            ConversationTurnMean = parse.GetValue(o.ConversationTurnMean) ?? Defaults.ConversationTurnMean,
            ConversationTurnStddev = parse.GetValue(o.ConversationTurnStddev) ?? Defaults.ConversationTurnStddev,
            ConversationTurnDelayMeanMs = parse.GetValue(o.ConversationTurnDelayMean) ?? Defaults.ConversationTurnDelayMeanMs,
            ConversationTurnDelayStddevMs = parse.GetValue(o.ConversationTurnDelayStddev) ?? Defaults.ConversationTurnDelayStddevMs,
            ConversationTurnDelayRatio = parse.GetValue(o.ConversationTurnDelayRatio) ?? Defaults.ConversationTurnDelayRatio,
            SequenceDistribution = sequenceDistribution,
            Images = media.Images,
            Audio = media.Audio,
            BatchSize = parse.GetValue(o.BatchSize) ?? Defaults.BatchSize,
            RankingsPassagesMean = parse.GetValue(o.RankingsPassagesMean) ?? Defaults.RankingsPassagesMean,
            RankingsPassagesStddev = parse.GetValue(o.RankingsPassagesStddev) ?? Defaults.RankingsPassagesStddev,
            RankingsPassageTokensMean = parse.GetValue(o.RankingsPassageTokensMean) ?? Defaults.RankingsPassageTokensMean,
            RankingsPassageTokensStddev = parse.GetValue(o.RankingsPassageTokensStddev) ?? Defaults.RankingsPassageTokensStddev,
            RankingsQueryTokensMean = parse.GetValue(o.RankingsQueryTokensMean) ?? Defaults.RankingsQueryTokensMean,
            RankingsQueryTokensStddev = parse.GetValue(o.RankingsQueryTokensStddev) ?? Defaults.RankingsQueryTokensStddev,
            InputFile = parse.GetValue(o.InputFile),
            CustomDatasetType = datasetType,
            PublicDataset = parse.GetValue(o.PublicDataset),
            FixedSchedule = parse.GetValue(o.FixedSchedule),
            FixedScheduleAutoOffset = parse.GetValue(o.FixedScheduleAutoOffset),
            FixedScheduleStartOffsetMs = parse.GetValue(o.FixedScheduleStartOffset),
            FixedScheduleEndOffsetMs = parse.GetValue(o.FixedScheduleEndOffset),
            Tokenizer = tokenizer,
            TokenizerRevision = parse.GetValue(o.TokenizerRevision) ?? Defaults.TokenizerRevision,
            TokenizerTrustRemoteCode = parse.GetValue(o.TokenizerTrustRemoteCode),
            TokenizerPath = tokenizerPath,
            RandomSeed = parse.GetValue(o.RandomSeed),
            Shard = shard,
            StartAt = startAt,
            Goodput = goodput,
            UseServerTokenCount = parse.GetValue(o.UseServerTokenCount),
            CliCommand = CommandLineText.Format("fakeai profile", parse.Tokens.Skip(1).Select(t => t.Value)),
        };
        config = o.Robustness.ApplyTo(config, parse);
        errors.AddRange(config.Problems().Select(p => p.Format(ProfileFlagNames.Of)));
        var logLevel = ProfileLog.ParseLevel(parse, o, errors);

        return new ProfileInvocation(
            config,
            embedded,
            parse.GetValue(o.ArtifactDir),
            parse.GetValue(o.ProfileExportFile),
            ui,
            maxErrorRate,
            parse.GetValue(o.Plots),
            errors)
        {
            LogLevel = logLevel,
            ClientWarmup = !parse.GetValue(o.NoClientWarmup),
            Notes = o.SingleProcess.Notes(parse),
        };
    }


    private static LatencySpec? ParseLatency(string? text, string name, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (LatencySpec.TryParse(text, out var spec, out var error))
        {
            return spec;
        }

        errors.Add($"{name}: {error}");
        return null;
    }
}
