namespace FakeAI.Bench.Tests;

public sealed class ProfileConfigTests
{
    private static readonly ProfileConfig Valid = new() { Models = ["org/m"], Url = "localhost:9000" };

    [Fact]
    public void Reports_every_error_at_once()
    {
        var errors = (Valid with { Models = [], RequestRate = -1, RequestCountSet = true, BenchmarkDurationSeconds = 5, RequestCancellationRate = 150 }).Validate();
        Assert.Contains("models is required (one name or a comma-separated list)", errors);
        Assert.Contains("request rate must be > 0", errors);
        Assert.Contains("benchmark duration seconds and request count cannot be used together", errors);
        Assert.Contains("request cancellation rate must be between 0 and 100 (percent)", errors);
        Assert.Empty(Valid.Validate());
    }

    [Fact]
    public void Problems_name_settings_in_the_configs_words_so_a_front_end_can_name_them_its_way()
    {
        // A suite run builds configs without a command line: its messages must not name flags the user never typed.
        var invalid = Valid with
        {
            Models = [], Url = "ftp://x", Concurrency = 0, InputTokensMean = 0, ConversationTurnMean = 0,
            Images = new SyntheticImages { WidthMean = -1, Format = "gif" }, Audio = new SyntheticAudio { Depths = [12], Channels = 3 },
        };
        Assert.All(invalid.Validate(), e => Assert.DoesNotContain("--", e, StringComparison.Ordinal));
        var problem = Assert.Single(invalid.Problems(), p => p.Settings.SequenceEqual([nameof(ProfileConfig.Concurrency)]));
        Assert.Equal("--concurrency must be >= 1", problem.Format(s => "--" + s.ToLowerInvariant()));
        Assert.Contains("images width mean must be >= 0", invalid.Validate());
        Assert.Contains("images format 'gif' must be png, jpeg or random", invalid.Validate());
        Assert.Contains("audio depths must each be 8, 16, 24 or 32 (bits)", invalid.Validate());
        Assert.Contains("audio channels must be 1 or 2", invalid.Validate());
        Assert.Contains("conversation turn mean must be >= 1", invalid.Validate());
    }

    [Fact]
    public void User_text_with_braces_is_quoted_verbatim() =>
        Assert.Contains("url 'ftp://{x}' is not a valid http(s) URL", (Valid with { Url = "ftp://{x}" }).Validate());

    [Theory]
    [InlineData(RequestRateMode.Poisson, LoadMode.RequestRate)]
    [InlineData(RequestRateMode.Constant, LoadMode.RequestRate)]
    [InlineData(RequestRateMode.ConcurrencyBurst, LoadMode.Concurrency)]
    public void Concurrency_burst_sends_as_fast_as_the_concurrency_allows_whatever_the_rate(RequestRateMode mode, LoadMode expected) =>
        Assert.Equal(expected, (Valid with { RequestRate = 10, RequestRateMode = mode, Concurrency = 4 }).ResolveLoadMode());

    [Theory]
    [InlineData(null, null, "org_m-openai-chat-concurrency1")]
    [InlineData(100, null, "org_m-openai-chat-concurrency100")]
    [InlineData(null, 2.5, "org_m-openai-chat-request_rate2.5")]
    [InlineData(8, 10.0, "org_m-openai-chat-concurrency8-request_rate10")]
    public void Artifact_directory_follows_aiperf_naming(int? concurrency, double? rate, string expected) =>
        Assert.Equal(expected, (Valid with { Concurrency = concurrency, RequestRate = rate }).ArtifactDirectoryName());

    [Theory]
    [InlineData("localhost:9000", "http://localhost:9000/v1/chat/completions")]
    [InlineData("https://api.example.com/", "https://api.example.com/v1/chat/completions")]
    public void Url_without_scheme_gets_http(string url, string expected) =>
        Assert.Equal(expected, (Valid with { Url = url }).RequestUri().ToString());

    [Fact]
    public void Custom_endpoint_replaces_the_default_path() =>
        Assert.Equal("http://h:1/v2/generate", (Valid with { Url = "h:1", CustomEndpoint = "v2/generate" }).RequestUri().ToString());

    [Theory]
    [InlineData("ignore_eos:true", "ignore_eos", "true")]
    [InlineData("min_tokens:100", "min_tokens", "100")]
    [InlineData("temperature:0.7", "temperature", "0.7")]
    [InlineData("stop:None", "stop", "null")]
    [InlineData("user:alice", "user", "\"alice\"")]
    [InlineData("stop:[\"a\",\"b\"]", "stop", "[\"a\",\"b\"]")]
    [InlineData("max_tokens:64", "max_tokens", "64")]
    [InlineData("offset:-3", "offset", "-3")]
    [InlineData("id:007", "id", "\"007\"")]
    [InlineData("seed:\"64\"", "seed", "\"64\"")]
    [InlineData("stop:'true'", "stop", "\"true\"")]
    [InlineData("url:http://h:1/x", "url", "\"http://h:1/x\"")]
    public void Extra_inputs_coerce_values_like_aiperf(string text, string name, string json)
    {
        Assert.True(ExtraInput.TryParse(text, out var inputs, out _));
        var input = Assert.Single(inputs);
        Assert.Equal(name, input.Name);
        Assert.Equal(json, input.JsonValue);
    }

    [Fact]
    public void Extra_inputs_take_comma_separated_pairs_with_json_values_kept_whole()
    {
        Assert.True(ExtraInput.TryParse("max_tokens:64,ignore_eos:true, stop:[\"a\",\"b\"],logit_bias:{\"1\":2,\"3\":4}", out var inputs, out _));
        Assert.Equal(
            [new ExtraInput("max_tokens", "64"), new ExtraInput("ignore_eos", "true"), new ExtraInput("stop", "[\"a\",\"b\"]"), new ExtraInput("logit_bias", "{\"1\":2,\"3\":4}")],
            inputs);
        Assert.False(ExtraInput.TryParse("a:1,novalue", out _, out var error));
        Assert.Equal("'novalue' must be name:value, comma-separated name:value pairs or a JSON object", error);
        Assert.False(ExtraInput.TryParse("[1]", out _, out _));
    }

    [Fact]
    public void Goodput_parses_display_unit_thresholds_and_rejects_unknown_tags()
    {
        Assert.True(GoodputTarget.TryParse("time_to_first_token:100 inter_token_latency:3.40", out var targets, out _));
        Assert.Equal([new GoodputTarget("time_to_first_token", 100), new GoodputTarget("inter_token_latency", 3.4)], targets);
        Assert.False(GoodputTarget.TryParse("ttft:100", out _, out var error));
        Assert.Contains("unknown metric tag 'ttft'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("output_token_count:10")]
    [InlineData("reasoning_token_count:0")]
    [InlineData("schedule_lag:5")]
    [InlineData("request_latency_from_intended:500")]
    [InlineData("prompt_cache_hit_ratio:50")]
    [InlineData("time_to_second_token:20,input_sequence_length:100")]
    public void Goodput_accepts_every_per_request_metric_of_the_catalog(string text) =>
        Assert.True(GoodputTarget.TryParse(text, out _, out _));

    [Fact]
    public void Goodput_rejects_a_run_level_metric_that_no_request_can_meet()
    {
        Assert.False(GoodputTarget.TryParse("request_throughput:100", out _, out var error));
        Assert.StartsWith("'request_throughput' has no value per request", error, StringComparison.Ordinal);
    }
}
