using FakeAI.Cli.Server;
using FakeAI.Server;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Server;

public sealed class EngineCliTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        EngineArguments engine, Dictionary<string, string?>? environment = null, string? configJson = null) =>
        ServerOptionsBuilder.Build(
            new ServerArguments { Engine = engine, Ttft = "100", Itl = "10" },
            environment ?? NoEnvironment,
            "/cwd",
            path => path == "/cwd/fakeai.json" ? configJson : null);

    [Fact]
    public void The_delay_line_stays_the_default()
    {
        var (options, errors) = Build(new EngineArguments());

        Assert.Empty(errors);
        Assert.Equal((EngineMode.Delay, 256, 8192, 1024), (options!.Engine, options.MaxNumSeqs, options.MaxNumBatchedTokens, options.EngineReferencePromptTokens));
    }

    [Fact]
    public void Flags_win_over_the_environment_which_wins_over_the_config_file()
    {
        const string json = """{"engine": "batching", "maxNumSeqs": 64, "maxNumBatchedTokens": 4096, "engineReferencePrompt": 512}""";
        var environment = new Dictionary<string, string?> { ["FAKEAI_MAX_NUM_SEQS"] = "32", ["FAKEAI_ENGINE_REFERENCE_PROMPT"] = "256" };

        var (fileOnly, fileErrors) = Build(new EngineArguments(), configJson: json);
        var (withEnvironment, _) = Build(new EngineArguments(), environment, json);
        var (withFlags, _) = Build(new EngineArguments { MaxNumSeqs = 8, MaxNumBatchedTokens = 2048 }, environment, json);
        var (flagOff, _) = Build(new EngineArguments { Engine = "delay" }, new() { ["FAKEAI_ENGINE"] = "batching" });

        Assert.Empty(fileErrors);
        Assert.Equal((EngineMode.Batching, 64, 4096, 512), (fileOnly!.Engine, fileOnly.MaxNumSeqs, fileOnly.MaxNumBatchedTokens, fileOnly.EngineReferencePromptTokens));
        Assert.Equal((32, 4096, 256), (withEnvironment!.MaxNumSeqs, withEnvironment.MaxNumBatchedTokens, withEnvironment.EngineReferencePromptTokens));
        Assert.Equal((EngineMode.Batching, 8, 2048, 256), (withFlags!.Engine, withFlags.MaxNumSeqs, withFlags.MaxNumBatchedTokens, withFlags.EngineReferencePromptTokens));
        Assert.Equal(EngineMode.Delay, flagOff!.Engine);
    }

    [Fact]
    public void Bad_engine_values_from_every_source_are_all_reported()
    {
        var (options, errors) = Build(
            new EngineArguments { Engine = "vllm" },
            new() { ["FAKEAI_MAX_NUM_SEQS"] = "many", ["FAKEAI_ENGINE"] = "fast" },
            """{"maxNumBatchedTokens": "lots"}""");

        Assert.Null(options);
        Assert.Equal(4, errors.Count);
        Assert.Contains("--engine: 'vllm' is not one of delay, batching", errors);
        Assert.Contains("FAKEAI_ENGINE: 'fast' is not one of delay, batching", errors);
        Assert.Contains("FAKEAI_MAX_NUM_SEQS: 'many' is not an integer", errors);
        Assert.Contains(errors, e => e.EndsWith("'maxNumBatchedTokens' has the wrong type (string)", StringComparison.Ordinal));
    }

    [Fact]
    public void Impossible_engine_settings_are_reported_together_each_naming_its_setting()
    {
        var (options, errors) = Build(new EngineArguments { Engine = "batching", MaxNumSeqs = 64, MaxNumBatchedTokens = 32, ReferencePromptTokens = 0 });

        Assert.Null(options);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("max-num-batched-tokens: 32 is smaller than one decode batch of max-num-seqs (64 tokens)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("engine-reference-prompt: must be at least 1 token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_budget_smaller_than_one_decode_batch_prints_one_line_and_exits_2()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exit = await CliApp.RunAsync(
            ["server", "--port", "0", "--engine", "batching", "--max-num-seqs", "16", "--max-num-batched-tokens", "8"], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Single(console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("max-num-batched-tokens: 8 is smaller than one decode batch of max-num-seqs (16 tokens)", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kv_capacity_that_cannot_hold_one_request_prints_one_line_and_exits_2()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exit = await CliApp.RunAsync(
            ["server", "--port", "0", "--engine", "batching", "--kv-capacity-blocks", "1000"], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Single(console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("kv-capacity-blocks: 1000 blocks per worker cannot hold one request of the 131072-token context window", console.Output, StringComparison.Ordinal);
    }
}
