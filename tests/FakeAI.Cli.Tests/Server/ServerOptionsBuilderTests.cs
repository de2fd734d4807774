using FakeAI.Cli.Server;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server;

namespace FakeAI.Cli.Tests.Server;

public sealed class ServerOptionsBuilderTests
{
    private const string Cwd = "/work/dir";

    private static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        ServerArguments? arguments = null,
        Dictionary<string, string?>? env = null,
        Dictionary<string, string>? files = null) =>
        ServerOptionsBuilder.Build(
            arguments ?? new ServerArguments(),
            env ?? [],
            Cwd,
            path => files is not null && files.TryGetValue(path, out var text) ? text : null);

    private static FakeAIServerOptions Ok((FakeAIServerOptions? Options, IReadOnlyList<string> Errors) result)
    {
        Assert.Empty(result.Errors);
        return result.Options!;
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_given()
    {
        var options = Ok(Build());

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(8000, options.Port);
        Assert.Equal(LatencySpec.Exact(20), options.Ttft);
        Assert.Equal(LatencySpec.Exact(5), options.Itl);
    }

    [Fact]
    public void Every_flag_takes_effect()
    {
        var options = Ok(Build(
            new ServerArguments
            {
                Host = "0.0.0.0",
                Port = 9001,
                Ttft = "50:30",
                Itl = "10:30",
                PrefillPerTokenMs = 0.5,
                ApiKeys = ["sk-a", "sk-b"],
                ApiKeyFile = "keys.txt",
                StrictModels = true,
                DefaultMaxTokens = 321,
                ReasoningTokens = 7,
                Tokenizer = "cl100k_base",
                DelayNonStreaming = false,
                MaxRequestBodyBytes = 4096,
                DefaultContextWindow = 4000,
                PromptCaching = false,
            },
            files: new() { [Path.Combine(Cwd, "keys.txt")] = "# team keys\nsk-c\n\n  sk-d  \n" }));

        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(9001, options.Port);
        Assert.Equal(new LatencySpec(50, 30), options.Ttft);
        Assert.Equal(new LatencySpec(10, 30), options.Itl);
        Assert.Equal(0.5, options.PrefillPerTokenMs);
        Assert.Equal(["sk-a", "sk-b", "sk-c", "sk-d"], options.ApiKeys);
        Assert.True(options.StrictModels);
        Assert.Equal(321, options.DefaultMaxTokens);
        Assert.Equal(7, options.ReasoningTokens);
        Assert.Equal(TokenizerEncoding.Cl100kBase, options.Tokenizer);
        Assert.False(options.DelayNonStreaming);
        Assert.Equal(4096, options.MaxRequestBodyBytes);
        Assert.Equal(4000, options.DefaultContextWindow);
        Assert.False(options.KvCacheEnabled);
    }

    [Fact]
    public void Environment_variables_take_effect()
    {
        var options = Ok(Build(env: new()
        {
            ["FAKEAI_HOST"] = "0.0.0.0",
            ["FAKEAI_PORT"] = "9100",
            ["FAKEAI_TTFT"] = "40:10",
            ["FAKEAI_ITL"] = "3",
            ["FAKEAI_API_KEYS"] = "sk-1, sk-2",
            ["FAKEAI_ENABLE_PROMPT_CACHING"] = "false",
        }));

        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(9100, options.Port);
        Assert.Equal(new LatencySpec(40, 10), options.Ttft);
        Assert.Equal(LatencySpec.Exact(3), options.Itl);
        Assert.Equal(["sk-1", "sk-2"], options.ApiKeys);
        Assert.False(options.KvCacheEnabled);
    }

    [Fact]
    public void Seed_variables_response_delay_and_random_delay_map_to_ttft_and_jitter()
    {
        var options = Ok(Build(env: new()
        {
            ["FAKEAI_RESPONSE_DELAY"] = "0.25",
            ["FAKEAI_RANDOM_DELAY"] = "true",
            ["FAKEAI_MAX_VARIANCE"] = "0.2",
        }));
        var defaultVariance = Ok(Build(env: new() { ["FAKEAI_RANDOM_DELAY"] = "1" }));
        var exact = Ok(Build(env: new() { ["FAKEAI_RANDOM_DELAY"] = "false" }));

        Assert.Equal(new LatencySpec(250, 20), options.Ttft);
        Assert.Equal(new LatencySpec(5, 20), options.Itl);
        Assert.Equal(30, defaultVariance.Ttft.JitterPercent);
        Assert.Equal(0, exact.Itl.JitterPercent);
    }

    [Fact]
    public void Precedence_is_flags_then_env_then_file_then_defaults()
    {
        var files = new Dictionary<string, string> { [Path.Combine(Cwd, "fakeai.json")] = """{"port": 7000, "ttft": "30", "itl": 2, "host": "127.0.0.2"}""" };
        var env = new Dictionary<string, string?> { ["FAKEAI_PORT"] = "7100", ["FAKEAI_TTFT"] = "31" };

        var fileOnly = Ok(Build(files: files));
        var envOverFile = Ok(Build(env: env, files: files));
        var flagOverEnv = Ok(Build(new ServerArguments { Port = 7200 }, env, files));

        Assert.Equal(7000, fileOnly.Port);
        Assert.Equal(LatencySpec.Exact(30), fileOnly.Ttft);
        Assert.Equal(LatencySpec.Exact(2), fileOnly.Itl);
        Assert.Equal("127.0.0.2", fileOnly.Host);
        Assert.Equal(7100, envOverFile.Port);
        Assert.Equal(LatencySpec.Exact(31), envOverFile.Ttft);
        Assert.Equal(7200, flagOverEnv.Port);
        Assert.Equal(LatencySpec.Exact(31), flagOverEnv.Ttft);
        Assert.Equal("127.0.0.2", flagOverEnv.Host);
    }

    [Fact]
    public void Explicit_config_path_is_used_and_a_missing_one_is_an_error()
    {
        var files = new Dictionary<string, string> { [Path.Combine(Cwd, "conf/server.json")] = """{"strictModels": true, "apiKeys": ["sk-x"], "promptCaching": false}""" };

        var options = Ok(Build(new ServerArguments { ConfigPath = "conf/server.json" }, files: files));
        var (missing, errors) = Build(new ServerArguments { ConfigPath = "nope.json" });

        Assert.True(options.StrictModels);
        Assert.Equal(["sk-x"], options.ApiKeys);
        Assert.False(options.KvCacheEnabled);
        Assert.Null(missing);
        Assert.Contains(errors, e => e.Contains("nope.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_other_config_key_reaches_its_option()
    {
        var files = new Dictionary<string, string>
        {
            [Path.Combine(Cwd, "fakeai.json")] = """
                {"prefillPerTokenMs": 0.5, "apiKeyFile": "keys.txt", "defaultMaxTokens": 77, "reasoningTokens": 3,
                 "tokenizer": "cl100k_base", "delayNonStreaming": false, "maxRequestBodyBytes": 4096,
                 "defaultContextWindow": 8192}
                """,
            [Path.Combine(Cwd, "keys.txt")] = "# team keys\nsk-a\n\nsk-b\n",
        };

        var options = Ok(Build(files: files));

        Assert.Equal(0.5, options.PrefillPerTokenMs);
        Assert.Equal(["sk-a", "sk-b"], options.ApiKeys);
        Assert.Equal(77, options.DefaultMaxTokens);
        Assert.Equal(3, options.ReasoningTokens);
        Assert.Equal(TokenizerEncoding.Cl100kBase, options.Tokenizer);
        Assert.False(options.DelayNonStreaming);
        Assert.Equal(4096, options.MaxRequestBodyBytes);
        Assert.Equal(8192, options.DefaultContextWindow);
    }

    [Fact]
    public void Response_store_capacity_comes_from_the_flag_or_the_config_file_and_must_not_be_negative()
    {
        Assert.Equal(10_000, Ok(Build()).ResponseStoreCapacity);
        Assert.Equal(0, Ok(Build(new ServerArguments { ResponseStoreCapacity = 0 })).ResponseStoreCapacity);
        Assert.Equal(7, Ok(Build(files: new() { [Path.Combine(Cwd, "fakeai.json")] = """{"responseStoreCapacity": 7}""" })).ResponseStoreCapacity);

        var (options, errors) = Build(new ServerArguments { ResponseStoreCapacity = -1 });
        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("response-store-capacity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"defaultMaxTokens": 1.5}""", "'defaultMaxTokens' has the wrong type (number)")]
    [InlineData("""{"delayNonStreaming": "no"}""", "'delayNonStreaming' has the wrong type (string)")]
    [InlineData("""{"apiKeys": ["sk-a", 2]}""", "'apiKeys' has the wrong type (array)")]
    [InlineData("""{"tokenizer": "p50k_base"}""", "unknown tokenizer 'p50k_base'")]
    public void Config_values_of_the_wrong_type_or_value_are_reported(string json, string expected)
    {
        var (options, errors) = Build(files: new() { [Path.Combine(Cwd, "fakeai.json")] = json });

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"port": "eighty"}""", "port")]
    [InlineData("""{"ttft": "5:500"}""", "ttft")]
    [InlineData("""{"colour": "blue"}""", "colour")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"port": """, "not valid JSON")]
    public void Bad_config_files_are_reported(string json, string expected)
    {
        var (options, errors) = Build(files: new() { [Path.Combine(Cwd, "fakeai.json")] = json });

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void All_malformed_values_are_reported_together()
    {
        var (options, errors) = Build(
            new ServerArguments { Ttft = "-5", Itl = "1:2:3", Tokenizer = "p50k" },
            new() { ["FAKEAI_PORT"] = "x", ["FAKEAI_RANDOM_DELAY"] = "maybe", ["FAKEAI_RESPONSE_DELAY"] = "-1" });

        Assert.Null(options);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Out_of_range_values_fail_validation()
    {
        var (options, errors) = Build(new ServerArguments { Port = 70000, Host = "not a host" });

        Assert.Null(options);
        Assert.Equal(2, errors.Count);
    }
}
