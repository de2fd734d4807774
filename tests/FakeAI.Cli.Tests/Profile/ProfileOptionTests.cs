using System.CommandLine;
using System.Text.Json;
using FakeAI.Bench;
using FakeAI.Bench.Datasets;
using FakeAI.Cli.Profile;
using FakeAI.Protocol.Tokenization;
using Microsoft.Extensions.Logging;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>
/// Every <c>aiperf profile</c> option, by each of its names: it parses, and it changes what it should — the request
/// payload, the dataset, the schedule, or (for the options of aiperf's separate services) a note that it does not apply.
/// </summary>
public sealed class ProfileOptionTests : IDisposable
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-options-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Every name and alias aiperf 0.1's <c>profile</c> declares.</summary>
    public static TheoryData<string> AiperfNames => new(
        "--audio-batch-size", "--batch-size-audio", "--audio-depths", "--audio-format", "--audio-length-mean", "--audio-length-stddev",
        "--audio-num-channels", "--audio-sample-rates", "--conversation-num", "--num-conversations", "--num-sessions",
        "--num-dataset-entries", "--num-prompts", "--conversation-turn-delay-mean", "--session-turn-delay-mean",
        "--conversation-turn-delay-ratio", "--session-delay-ratio", "--conversation-turn-delay-stddev", "--session-turn-delay-stddev",
        "--conversation-turn-mean", "--session-turns-mean", "--conversation-turn-stddev", "--session-turns-stddev", "--debug-service",
        "--debug-services", "--disable-uvloop", "--enable-yappi-profiling", "--show-internal-metrics", "--trace-service",
        "--trace-services", "--api-key", "--custom-endpoint", "--endpoint", "--endpoint-type", "--model-names", "--model", "-m",
        "--model-selection-strategy", "--request-timeout-seconds", "--streaming", "--url", "-u", "--image-batch-size",
        "--batch-size-image", "--image-format", "--image-height-mean", "--image-height-stddev", "--image-width-mean",
        "--image-width-stddev", "--custom-dataset-type", "--extra-inputs", "--fixed-schedule", "--fixed-schedule-auto-offset",
        "--fixed-schedule-end-offset", "--fixed-schedule-start-offset", "--goodput", "--header", "-H", "--input-file",
        "--public-dataset", "--random-seed", "--benchmark-duration", "--benchmark-grace-period", "--concurrency",
        "--request-cancellation-delay", "--request-cancellation-rate", "--request-count", "--num-requests", "--request-rate",
        "--request-rate-mode", "--warmup-request-count", "--num-warmup-requests", "--output-artifact-dir", "--artifact-dir",
        "--profile-export-file", "--prompt-batch-size", "--batch-size-text", "--batch-size", "-b", "--prompt-input-tokens-block-size",
        "--synthetic-input-tokens-block-size", "--isl-block-size", "--prompt-input-tokens-mean", "--synthetic-input-tokens-mean",
        "--isl", "--prompt-input-tokens-stddev", "--synthetic-input-tokens-stddev", "--isl-stddev", "--prompt-output-tokens-mean",
        "--output-tokens-mean", "--osl", "--prompt-output-tokens-stddev", "--output-tokens-stddev", "--osl-stddev",
        "--prompt-prefix-length", "--prefix-prompt-length", "--prompt-prefix-pool-size", "--prefix-prompt-pool-size",
        "--num-prefix-prompts", "--seq-dist", "--sequence-distribution", "--extra-verbose", "-vv", "--log-level",
        "--record-processor-service-count", "--record-processors", "--ui-type", "--ui", "--verbose", "-v", "--tokenizer",
        "--tokenizer-revision", "--tokenizer-trust-remote-code", "--workers-max", "--max-workers", "--zmq-host", "--zmq-ipc-path");

    [Theory]
    [MemberData(nameof(AiperfNames))]
    public void Every_aiperf_name_is_an_option(string name) =>
        Assert.Contains(new ProfileOptions().All, o => o.Name == name || o.Aliases.Contains(name));

    private static (ParseResult Parse, ProfileInvocation Invocation) ParseBoth(params string[] args)
    {
        var options = new ProfileOptions();
        var command = new Command("profile");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var parse = command.Parse(args.Contains("-m") || args.Contains("--model") || args.Contains("--model-names") ? args : ["-m", "m", .. args]);
        Assert.Empty(parse.Errors);
        return (parse, ProfileConfigParser.Parse(parse, options));
    }

    private static ProfileInvocation Parse(params string[] args)
    {
        var invocation = ParseBoth(args).Invocation;
        Assert.True(invocation.Errors.Count == 0, string.Join("; ", invocation.Errors));
        return invocation;
    }

    private static ProfileConfig Config(params string[] args) => Parse(args).Config;

    private static IReadOnlyList<string> Errors(params string[] args) => ParseBoth(args).Invocation.Errors;

    private static Dataset Dataset(params string[] args) => DatasetBuilder.Build(Config(["--random-seed", "1", "--isl", "8", .. args]), Tokenizer);

    private static JsonElement Payload(params string[] args) => JsonDocument.Parse(Dataset(args).Conversations[0].Turns[0].Payloads[0]).RootElement.Clone();

    // Endpoint

    [Theory]
    [InlineData("--model-names")]
    [InlineData("--model")]
    [InlineData("-m")]
    public void Model_names_one_payload_per_model(string flag)
    {
        var config = Config(flag, "a,b", flag, "c");
        Assert.Equal(["a", "b", "c"], config.Models);
        var turn = DatasetBuilder.Build(config with { InputTokensMean = 4 }, Tokenizer).Conversations[0].Turns[0];
        Assert.Equal(["a", "b", "c"], turn.Payloads.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("model").GetString()));
    }

    [Theory]
    [InlineData("--request-rate-mode", "steady", "--request-rate-mode 'steady' must be constant, poisson or concurrency_burst")]
    [InlineData("--model-selection-strategy", "lru", "--model-selection-strategy 'lru' must be round_robin or random")]
    [InlineData("--custom-dataset-type", "trace", "--custom-dataset-type 'trace' must be single_turn, multi_turn, random_pool or mooncake_trace")]
    [InlineData("--ui", "tui", "--ui 'tui' must be dashboard, simple or none")]
    [InlineData("--log-level", "loud", "--log-level 'loud' must be trace, debug, info, notice, warning, success, error or critical")]
    public void Unknown_choice_names_every_accepted_value(string flag, string value, string message) =>
        Assert.Contains(message, Errors(flag, value));

    [Fact]
    public void Choices_ignore_case()
    {
        var invocation = Parse("--request-rate-mode", "CONSTANT", "--model-selection-strategy", "Random", "--ui", "None", "--log-level", "DEBUG");
        Assert.Equal(RequestRateMode.Constant, invocation.Config.RequestRateMode);
        Assert.Equal(ModelSelectionStrategy.Random, invocation.Config.ModelSelectionStrategy);
        Assert.Equal("none", invocation.Ui);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, invocation.LogLevel);
    }

    [Theory]
    [InlineData("round_robin", ModelSelectionStrategy.RoundRobin)]
    [InlineData("random", ModelSelectionStrategy.Random)]
    public void Model_selection_strategy(string value, ModelSelectionStrategy expected) =>
        Assert.Equal(expected, Config("--model-selection-strategy", value).ModelSelectionStrategy);

    [Theory]
    [InlineData("--custom-endpoint")]
    [InlineData("--endpoint")]
    public void Custom_endpoint_is_the_request_path(string flag) =>
        Assert.Equal("http://h:1/v2/generate", Config("--url", "h:1", flag, "/v2/generate").RequestUri().ToString());

    [Fact]
    public void Endpoint_type_shapes_the_payload()
    {
        Assert.True(Payload("--endpoint-type", "completions").TryGetProperty("prompt", out _));
        Assert.True(Payload("--endpoint-type", "chat").TryGetProperty("messages", out _));
        Assert.Contains("--endpoint-type 'video' is not supported", Errors("--endpoint-type", "video")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_sets_stream() =>
        Assert.True(Payload("--streaming").GetProperty("stream").GetBoolean());

    [Theory]
    [InlineData("--url")]
    [InlineData("-u")]
    public void Url_without_scheme_gets_http(string flag) =>
        Assert.Equal("http://example.com:8000/v1/chat/completions", Config(flag, "example.com:8000").RequestUri().ToString());

    [Fact]
    public void Request_timeout_and_api_key() =>
        Assert.Equal((5.5, "sk-1"), (Config("--request-timeout-seconds", "5.5").RequestTimeoutSeconds, Config("--api-key", "sk-1").ApiKey));

    // Input

    [Fact]
    public void Extra_inputs_take_several_values_comma_pairs_and_json_typed_as_aiperf_does()
    {
        var payload = Payload("--extra-inputs", "max_tokens:64", "ignore_eos:true", "--extra-inputs", "temperature:0.5,user:\"42\"", "--extra-inputs", "{\"top_k\": 3}");
        Assert.Equal(JsonValueKind.Number, payload.GetProperty("max_tokens").ValueKind);
        Assert.Equal(64, payload.GetProperty("max_tokens").GetInt32());
        Assert.True(payload.GetProperty("ignore_eos").GetBoolean());
        Assert.Equal(0.5, payload.GetProperty("temperature").GetDouble());
        Assert.Equal("42", payload.GetProperty("user").GetString());
        Assert.Equal(3, payload.GetProperty("top_k").GetInt32());
        Assert.Equal(["--extra-inputs 'oops' must be name:value, comma-separated name:value pairs or a JSON object"], Errors("--extra-inputs", "oops"));
    }

    [Theory]
    [InlineData("--header")]
    [InlineData("-H")]
    public void Headers_take_several_values_comma_pairs_and_json(string flag)
    {
        var config = Config(flag, "X-A:1", "X-B: two", flag, "X-C:3,X-D:4", flag, "{\"X-E\": \"5\"}");
        Assert.Equal(
            [new("X-A", "1"), new("X-B", "two"), new("X-C", "3"), new("X-D", "4"), new KeyValuePair<string, string>("X-E", "5")],
            config.Headers);
        Assert.Contains("--header 'nocolon' must be Name:Value", Errors(flag, "nocolon")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Input_file_with_custom_dataset_type_is_the_dataset()
    {
        var file = Path.Combine(_directory, "prompts.jsonl");
        File.WriteAllText(file, "{\"text\": \"alpha\"}\n{\"text\": \"beta\"}\n");
        var dataset = DatasetBuilder.Build(Config("--input-file", file, "--custom-dataset-type", "single_turn"), Tokenizer);
        Assert.Equal(["alpha", "beta"], dataset.Conversations.Select(c => c.Turns[0].Texts[0]));
    }

    [Fact]
    public void Fixed_schedule_and_its_offsets()
    {
        var file = Path.Combine(_directory, "trace.jsonl");
        File.WriteAllText(file, "{\"timestamp\": 100, \"input_length\": 5}\n{\"timestamp\": 300, \"input_length\": 5}\n");
        var config = Config("--input-file", file, "--custom-dataset-type", "mooncake_trace", "--fixed-schedule", "--fixed-schedule-start-offset", "50", "--fixed-schedule-end-offset", "200");
        Assert.Equal(LoadMode.FixedSchedule, config.ResolveLoadMode());
        Assert.Equal((50L, 200L), (config.FixedScheduleStartOffsetMs!.Value, config.FixedScheduleEndOffsetMs!.Value));
        Assert.Single(DatasetBuilder.Build(config, Tokenizer).Conversations);
        Assert.True(Config("--input-file", file, "--fixed-schedule", "--fixed-schedule-auto-offset").FixedScheduleAutoOffset);
    }

    [Fact]
    public void Public_dataset_reads_a_local_sharegpt_file()
    {
        Assert.Contains(Errors("--public-dataset", "sharegpt"), e => e.Contains("nothing is downloaded", StringComparison.Ordinal));
        var file = Path.Combine(_directory, "sharegpt.json");
        File.WriteAllText(file, "[{\"conversations\": [{\"value\": \"tell me a long story please now\"}, {\"value\": \"once upon a time there\"}]}]");
        Assert.Equal("sharegpt", Config("--public-dataset", "sharegpt", "--input-file", file).PublicDataset);
    }

    [Fact]
    public void Random_seed_repeats_the_dataset()
    {
        static string Prompt(string seed) => DatasetBuilder.Build(Config("--random-seed", seed, "--isl", "20"), Tokenizer).Conversations[0].Turns[0].Texts[0];
        Assert.Equal(Prompt("5"), Prompt("5"));
        Assert.NotEqual(Prompt("5"), Prompt("6"));
    }

    [Fact]
    public void Goodput_takes_any_per_request_metric_in_one_or_several_values()
    {
        var config = Config("--streaming", "--goodput", "time_to_first_token:100 input_sequence_length:50", "output_token_count:5");
        Assert.Equal(["time_to_first_token", "input_sequence_length", "output_token_count"], config.Goodput.Select(g => g.Tag));
        Assert.Contains("--goodput: unknown metric tag 'ttft'", Errors("--goodput", "ttft:5")[0], StringComparison.Ordinal);
    }

    // Output

    [Theory]
    [InlineData("--output-artifact-dir")]
    [InlineData("--artifact-dir")]
    [InlineData("--artifact-directory")]
    public void Artifact_directory(string flag) =>
        Assert.Equal("out/here", Parse(flag, "out/here").ArtifactDirectory);

    [Fact]
    public void Profile_export_file() =>
        Assert.Equal("records.jsonl", Parse("--profile-export-file", "records.jsonl").ProfileExportFile);

    // Tokenizer

    [Fact]
    public void Tokenizer_options()
    {
        Assert.Equal(TokenizerEncoding.Cl100kBase, Config("--tokenizer", "cl100k_base").Tokenizer);
        Assert.Equal("v2", Config("--tokenizer-revision", "v2").TokenizerRevision);
        Assert.Equal("main", Config().TokenizerRevision);
        Assert.True(Config("--tokenizer-trust-remote-code").TokenizerTrustRemoteCode);
    }

    // Load generator

    [Fact]
    public void Benchmark_duration_and_grace_period()
    {
        var config = Config("--benchmark-duration", "5", "--benchmark-grace-period", "2");
        Assert.Equal((5.0, 2.0), (config.BenchmarkDurationSeconds!.Value, config.BenchmarkGracePeriodSeconds));
        Assert.Contains("--benchmark-grace-period is only valid with --benchmark-duration", Errors("--benchmark-grace-period", "2"));
    }

    [Fact]
    public void Concurrency_and_request_rate_pick_the_load_mode()
    {
        Assert.Equal((LoadMode.Concurrency, 7), (Config("--concurrency", "7").ResolveLoadMode(), Config("--concurrency", "7").EffectiveConcurrency));
        Assert.Equal(LoadMode.RequestRate, Config("--request-rate", "5").ResolveLoadMode());
    }

    [Theory]
    [InlineData("poisson", RequestRateMode.Poisson, LoadMode.RequestRate)]
    [InlineData("constant", RequestRateMode.Constant, LoadMode.RequestRate)]
    [InlineData("concurrency_burst", RequestRateMode.ConcurrencyBurst, LoadMode.Concurrency)]
    public void Request_rate_mode(string value, RequestRateMode mode, LoadMode load)
    {
        var config = Config("--request-rate", "5", "--concurrency", "3", "--request-rate-mode", value);
        Assert.Equal((mode, load), (config.RequestRateMode, config.ResolveLoadMode()));
    }

    [Theory]
    [InlineData("--request-count")]
    [InlineData("--num-requests")]
    public void Request_count(string flag) =>
        Assert.Equal((42, true), (Config(flag, "42").RequestCount, Config(flag, "42").RequestCountSet));

    [Theory]
    [InlineData("--warmup-request-count")]
    [InlineData("--num-warmup-requests")]
    public void Warmup_request_count(string flag) =>
        Assert.Equal(3, Config(flag, "3").WarmupRequestCount);

    [Fact]
    public void Request_cancellation_rate_and_delay() =>
        Assert.Equal((25.0, 0.5), (Config("--request-cancellation-rate", "25").RequestCancellationRate, Config("--request-cancellation-delay", "0.5").RequestCancellationDelaySeconds));

    // Conversation input

    [Theory]
    [InlineData("--conversation-num")]
    [InlineData("--num-conversations")]
    [InlineData("--num-sessions")]
    [InlineData("--num-dataset-entries")]
    [InlineData("--num-prompts")]
    public void Conversation_num_is_the_dataset_size(string flag) =>
        Assert.Equal(7, Dataset(flag, "7").Conversations.Count);

    [Theory]
    [InlineData("--conversation-turn-mean", "--conversation-turn-stddev")]
    [InlineData("--session-turns-mean", "--session-turns-stddev")]
    public void Conversation_turns(string meanFlag, string stddevFlag)
    {
        Assert.All(Dataset(meanFlag, "3").Conversations, c => Assert.Equal(3, c.Turns.Count));
        Assert.True(Dataset(meanFlag, "3", stddevFlag, "2").Conversations.Select(c => c.Turns.Count).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData("--conversation-turn-delay-mean", "--conversation-turn-delay-stddev", "--conversation-turn-delay-ratio")]
    [InlineData("--session-turn-delay-mean", "--session-turn-delay-stddev", "--session-delay-ratio")]
    public void Conversation_turn_delays(string meanFlag, string stddevFlag, string ratioFlag)
    {
        Assert.All(Dataset("--conversation-turn-mean", "2", meanFlag, "40", ratioFlag, "0.5").Conversations, c => Assert.Equal(20, c.Turns[1].DelayMs));
        Assert.True(Dataset("--conversation-turn-mean", "2", meanFlag, "40", stddevFlag, "10").Conversations.Select(c => c.Turns[1].DelayMs).Distinct().Count() > 1);
    }

    // ISL, OSL, prompt, prefix

    [Theory]
    [InlineData("--prompt-input-tokens-mean", "--prompt-input-tokens-stddev")]
    [InlineData("--synthetic-input-tokens-mean", "--synthetic-input-tokens-stddev")]
    [InlineData("--isl", "--isl-stddev")]
    [InlineData("--synthetic-tokens-mean", "--synthetic-tokens-stddev")]
    public void Input_tokens(string meanFlag, string stddevFlag)
    {
        static Dataset Build(params string[] args) => DatasetBuilder.Build(Config(["--random-seed", "1", .. args]), Tokenizer);
        Assert.All(Build(meanFlag, "33").Conversations, c => Assert.Equal(33, c.Turns[0].InputTokens));
        Assert.True(Build(meanFlag, "33", stddevFlag, "5").Conversations.Select(c => c.Turns[0].InputTokens).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData("--prompt-input-tokens-block-size")]
    [InlineData("--synthetic-input-tokens-block-size")]
    [InlineData("--isl-block-size")]
    public void Input_tokens_block_size_splits_mooncake_hash_blocks(string flag)
    {
        var file = Path.Combine(_directory, "blocks.jsonl");
        File.WriteAllText(file, "{\"input_length\": 40, \"hash_ids\": [1, 2]}\n{\"input_length\": 40, \"hash_ids\": [1, 3]}\n");
        var dataset = DatasetBuilder.Build(Config("--input-file", file, "--custom-dataset-type", "mooncake_trace", flag, "32"), Tokenizer);
        var first = Tokenizer.EncodeToIds(dataset.Conversations[0].Turns[0].Texts[0]);
        var second = Tokenizer.EncodeToIds(dataset.Conversations[1].Turns[0].Texts[0]);
        Assert.Equal(40, first.Count);
        Assert.Equal(first.Take(32), second.Take(32));
    }

    [Theory]
    [InlineData("--prompt-output-tokens-mean", "--prompt-output-tokens-stddev")]
    [InlineData("--output-tokens-mean", "--output-tokens-stddev")]
    [InlineData("--osl", "--osl-stddev")]
    public void Output_tokens_set_max_completion_tokens(string meanFlag, string stddevFlag)
    {
        Assert.Equal(21, Payload(meanFlag, "21").GetProperty("max_completion_tokens").GetInt32());
        Assert.True(Dataset(meanFlag, "21", stddevFlag, "4").Conversations.Select(c => c.Turns[0].MaxTokens).Distinct().Count() > 1);
        Assert.False(Payload().TryGetProperty("max_completion_tokens", out _));
    }

    [Theory]
    [InlineData("--prompt-batch-size")]
    [InlineData("--batch-size-text")]
    [InlineData("--batch-size")]
    [InlineData("-b")]
    public void Batch_size_is_texts_per_request(string flag) =>
        Assert.Equal(3, Payload("--endpoint-type", "completions", flag, "3").GetProperty("prompt").GetArrayLength());

    [Theory]
    [InlineData("--prompt-prefix-pool-size", "--prompt-prefix-length")]
    [InlineData("--prefix-prompt-pool-size", "--prefix-prompt-length")]
    [InlineData("--num-prefix-prompts", "--prefix-prompt-length")]
    public void Prefix_prompts(string poolFlag, string lengthFlag) =>
        Assert.All(Dataset(poolFlag, "2", lengthFlag, "10").Conversations, c => Assert.Equal(18, c.Turns[0].InputTokens));

    [Theory]
    [InlineData("--seq-dist")]
    [InlineData("--sequence-distribution")]
    public void Sequence_distribution(string flag)
    {
        var pairs = Dataset(flag, "10,3:50;20,4:50").Conversations.Select(c => (c.Turns[0].InputTokens, c.Turns[0].MaxTokens)).ToHashSet();
        Assert.Equal(new HashSet<(int, int?)> { (10, 3), (20, 4) }, pairs);
        Assert.Equal(["--seq-dist '10,3:50': percentages sum to 50, not 100"], Errors(flag, "10,3:50"));
    }

    // Audio and image input

    [Theory]
    [InlineData("--audio-batch-size")]
    [InlineData("--batch-size-audio")]
    public void Audio_options_attach_input_audio_parts(string batchFlag)
    {
        var turn = Dataset(
            "--audio-length-mean", "0.1", "--audio-length-stddev", "0", batchFlag, "2", "--audio-format", "wav",
            "--audio-depths", "8", "24", "--audio-sample-rates", "8,16", "--audio-num-channels", "2").Conversations[0].Turns[0];
        Assert.Equal(2, turn.Audios.Count);
        Assert.All(turn.Audios, a => Assert.Equal("wav", a.Format));
        var config = Config("--audio-depths", "8", "24", "--audio-sample-rates", "8,16", "--audio-num-channels", "2", "--audio-format", "mp3", "--audio-length-stddev", "0.2");
        Assert.Equal([8, 24], config.Audio.Depths);
        Assert.Equal([8.0, 16.0], config.Audio.SampleRatesKhz);
        Assert.Equal((2, "mp3", 0.2), (config.Audio.Channels, config.Audio.Format, config.Audio.LengthStddevSeconds));
        Assert.Contains("--audio-depths must each be 8, 16, 24 or 32 (bits)", Errors("--audio-depths", "12"));
    }

    [Theory]
    [InlineData("--image-batch-size")]
    [InlineData("--batch-size-image")]
    public void Image_options_attach_image_url_parts(string batchFlag)
    {
        var turn = Dataset("--image-width-mean", "16", "--image-width-stddev", "0", "--image-height-mean", "8", "--image-height-stddev", "0",
            batchFlag, "3", "--image-format", "jpeg").Conversations[0].Turns[0];
        Assert.Equal(3, turn.Images.Count);
        Assert.All(turn.Images, url => Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal));
        var sizes = Config("--image-width-stddev", "3", "--image-height-stddev", "4").Images;
        Assert.Equal((3.0, 4.0), (sizes.WidthStddev, sizes.HeightStddev));
        Assert.Contains("--image-format 'gif' must be png, jpeg or random", Errors("--image-format", "gif"));
    }

    // Service, UI, workers, ZMQ, developer

    [Theory]
    [InlineData(new string[0], LogLevel.Information)]
    [InlineData(new[] { "--log-level", "debug" }, LogLevel.Debug)]
    [InlineData(new[] { "--log-level", "WARNING" }, LogLevel.Warning)]
    [InlineData(new[] { "--verbose" }, LogLevel.Debug)]
    [InlineData(new[] { "-v" }, LogLevel.Debug)]
    [InlineData(new[] { "--extra-verbose" }, LogLevel.Trace)]
    [InlineData(new[] { "-vv" }, LogLevel.Trace)]
    [InlineData(new[] { "-v", "-vv", "--log-level", "error" }, LogLevel.Trace)]
    public void Log_level_and_verbosity(string[] args, LogLevel expected) =>
        Assert.Equal(expected, Parse(args).LogLevel);

    [Theory]
    [InlineData("--ui-type")]
    [InlineData("--ui")]
    public void Ui(string flag) =>
        Assert.Equal("simple", Parse(flag, "simple").Ui);

    [Theory]
    [InlineData("--record-processor-service-count", "2")]
    [InlineData("--record-processors", "2")]
    [InlineData("--workers-max", "8")]
    [InlineData("--max-workers", "8")]
    [InlineData("--zmq-host", "127.0.0.1")]
    [InlineData("--zmq-ipc-path", "/tmp/aiperf")]
    [InlineData("--debug-service", "worker")]
    [InlineData("--debug-services", "worker")]
    [InlineData("--trace-service", "worker")]
    [InlineData("--trace-services", "worker")]
    [InlineData("--disable-uvloop", null)]
    [InlineData("--enable-yappi-profiling", null)]
    [InlineData("--show-internal-metrics", null)]
    public void Single_process_options_are_accepted_with_a_note(string flag, string? value)
    {
        var invocation = Parse(value is null ? [flag] : [flag, value]);
        var note = Assert.Single(invocation.Notes);
        Assert.EndsWith("does not apply: fakeai profile runs as one process (no separate workers, record processors or message bus)", note, StringComparison.Ordinal);
        Assert.Empty(Parse().Notes);
    }
}
