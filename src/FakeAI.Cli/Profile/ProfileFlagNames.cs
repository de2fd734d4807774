using FakeAI.Bench;

namespace FakeAI.Cli.Profile;

/// <summary>The <c>fakeai profile</c> flag that sets each <see cref="ProfileConfig"/> setting, so the config's problems
/// name what the user typed. A setting no flag sets keeps the config's own words.</summary>
internal static class ProfileFlagNames
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [nameof(ProfileConfig.Models)] = "--model",
        [nameof(ProfileConfig.ModelSelectionStrategy)] = "--model-selection-strategy",
        [nameof(ProfileConfig.Url)] = "--url",
        [nameof(ProfileConfig.EndpointType)] = "--endpoint-type",
        [nameof(ProfileConfig.CustomEndpoint)] = "--endpoint",
        [nameof(ProfileConfig.Streaming)] = "--streaming",
        [nameof(ProfileConfig.Headers)] = "--header",
        [nameof(ProfileConfig.ExtraInputs)] = "--extra-inputs",
        [nameof(ProfileConfig.RequestTimeoutSeconds)] = "--request-timeout-seconds",
        [nameof(ProfileConfig.Concurrency)] = "--concurrency",
        [nameof(ProfileConfig.RequestRate)] = "--request-rate",
        [nameof(ProfileConfig.RequestRateMode)] = "--request-rate-mode",
        [nameof(ProfileConfig.RequestCount)] = "--request-count",
        [nameof(ProfileConfig.WarmupRequestCount)] = "--warmup-request-count",
        [nameof(ProfileConfig.BenchmarkDurationSeconds)] = "--benchmark-duration",
        [nameof(ProfileConfig.BenchmarkGracePeriodSeconds)] = "--benchmark-grace-period",
        [nameof(ProfileConfig.RequestCancellationRate)] = "--request-cancellation-rate",
        [nameof(ProfileConfig.RequestCancellationDelaySeconds)] = "--request-cancellation-delay",
        [nameof(ProfileConfig.InputTokensMean)] = "--synthetic-input-tokens-mean",
        [nameof(ProfileConfig.InputTokensStddev)] = "--synthetic-input-tokens-stddev",
        [nameof(ProfileConfig.InputTokensBlockSize)] = "--isl-block-size",
        [nameof(ProfileConfig.OutputTokensMean)] = "--output-tokens-mean",
        [nameof(ProfileConfig.OutputTokensStddev)] = "--output-tokens-stddev",
        [nameof(ProfileConfig.NumPrefixPrompts)] = "--num-prefix-prompts",
        [nameof(ProfileConfig.PrefixPromptLength)] = "--prefix-prompt-length",
        [nameof(ProfileConfig.ConversationNum)] = "--conversation-num",
        [nameof(ProfileConfig.ConversationTurnMean)] = "--conversation-turn-mean",
        [nameof(ProfileConfig.ConversationTurnStddev)] = "--conversation-turn-stddev",
        [nameof(ProfileConfig.ConversationTurnDelayMeanMs)] = "--conversation-turn-delay-mean",
        [nameof(ProfileConfig.ConversationTurnDelayStddevMs)] = "--conversation-turn-delay-stddev",
        [nameof(ProfileConfig.ConversationTurnDelayRatio)] = "--conversation-turn-delay-ratio",
        [nameof(ProfileConfig.SequenceDistribution)] = "--seq-dist",
        [nameof(ProfileConfig.BatchSize)] = "--batch-size",
        [nameof(ProfileConfig.InputFile)] = "--input-file",
        [nameof(ProfileConfig.CustomDatasetType)] = "--custom-dataset-type",
        [nameof(ProfileConfig.PublicDataset)] = "--public-dataset",
        [nameof(ProfileConfig.FixedSchedule)] = "--fixed-schedule",
        [nameof(ProfileConfig.FixedScheduleAutoOffset)] = "--fixed-schedule-auto-offset",
        [nameof(ProfileConfig.FixedScheduleStartOffsetMs)] = "--fixed-schedule-start-offset",
        [nameof(ProfileConfig.FixedScheduleEndOffsetMs)] = "--fixed-schedule-end-offset",
        [nameof(ProfileConfig.Tokenizer)] = "--tokenizer",
        [nameof(ProfileConfig.RandomSeed)] = "--random-seed",
        [nameof(ProfileConfig.Goodput)] = "--goodput",
        [nameof(ProfileConfig.UseServerTokenCount)] = "--use-server-token-count",
        ["Images.WidthMean"] = "--image-width-mean",
        ["Images.WidthStddev"] = "--image-width-stddev",
        ["Images.HeightMean"] = "--image-height-mean",
        ["Images.HeightStddev"] = "--image-height-stddev",
        ["Images.BatchSize"] = "--image-batch-size",
        ["Images.Format"] = "--image-format",
        ["Audio.LengthMeanSeconds"] = "--audio-length-mean",
        ["Audio.LengthStddevSeconds"] = "--audio-length-stddev",
        ["Audio.BatchSize"] = "--audio-batch-size",
        ["Audio.Format"] = "--audio-format",
        ["Audio.Depths"] = "--audio-depths",
        ["Audio.SampleRatesKhz"] = "--audio-sample-rates",
        ["Audio.Channels"] = "--audio-num-channels",
    };

    public static string Of(string setting) => Flags.TryGetValue(setting, out var flag) ? flag : ConfigProblem.DomainName(setting);
}
