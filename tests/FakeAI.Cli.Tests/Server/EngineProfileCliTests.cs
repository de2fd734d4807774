using FakeAI.Cli.Server;
using FakeAI.Server;
using FakeAI.Server.Engine;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Cli.Tests.Server;

public sealed class EngineProfileCliTests
{
    private static readonly StepTimeModel Fitted = new(0.4, 0.2, 0.09, 12.5, 0.003);

    private static readonly string Profile = EngineProfile.From(
        new EngineFit(new EngineOptions { MaxNumSeqs = 6, MaxNumBatchedTokens = 2_048, BlockSize = 32, CapacityBlocks = 4_096, StepTime = Fitted }, [], true, 0),
        "http://real:8000",
        "tiny").ToJson();

    private static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        EngineArguments engine, Dictionary<string, string?>? environment = null, string? configJson = null, string? profileJson = null) =>
        ServerOptionsBuilder.Build(
            new ServerArguments { Engine = engine },
            environment ?? [],
            "/cwd",
            path => path switch
            {
                "/cwd/fakeai.json" => configJson,
                "/cwd/engine.json" => profileJson,
                _ => null,
            });

    [Fact]
    public void A_profile_runs_the_batching_engine_with_its_limits_geometry_and_step_times()
    {
        var (options, errors) = Build(new EngineArguments { ProfilePath = "engine.json" }, profileJson: Profile);

        Assert.Empty(errors);
        Assert.Equal(EngineMode.Batching, options!.Engine);
        var engine = options.ToEngineOptions();
        Assert.Equal(Fitted, engine.StepTime);
        Assert.Equal((6, 2_048, 32, 4_096), (engine.MaxNumSeqs, engine.MaxNumBatchedTokens, engine.BlockSize, engine.CapacityBlocks));
    }

    [Fact]
    public void Flags_beside_a_profile_override_its_values_from_any_source()
    {
        var (flags, _) = Build(new EngineArguments { ProfilePath = "engine.json", MaxNumSeqs = 3 }, profileJson: Profile);
        var (config, configErrors) = Build(new EngineArguments(), configJson: """{"maxNumSeqs": 5, "engineProfile": "engine.json"}""", profileJson: Profile);
        var (environment, _) = Build(new EngineArguments(), new() { ["FAKEAI_ENGINE_PROFILE"] = "engine.json" }, profileJson: Profile);

        Assert.Equal(3, flags!.MaxNumSeqs);
        Assert.Empty(configErrors);
        Assert.Equal(5, config!.MaxNumSeqs); // the file's own value wins over its profile whatever their order
        Assert.Equal(Fitted, config.ToEngineOptions().StepTime);
        Assert.Equal(Fitted, environment!.ToEngineOptions().StepTime);
    }

    [Fact]
    public void A_missing_or_invalid_profile_is_a_usage_error_naming_the_file()
    {
        var (missing, missingErrors) = Build(new EngineArguments { ProfilePath = "gone.json" });
        var (invalid, invalidErrors) = Build(new EngineArguments { ProfilePath = "engine.json" }, profileJson: Profile.Replace("\"max_num_seqs\": 6", "\"max_num_seqs\": 0", StringComparison.Ordinal));

        Assert.Null(missing);
        Assert.Equal(["--engine-profile: engine profile '/cwd/gone.json' does not exist"], missingErrors);
        Assert.Null(invalid);
        Assert.Contains(invalidErrors, e => e.StartsWith("--engine-profile engine.json: max-num-seqs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_server_command_refuses_a_bad_profile_with_exit_code_2()
    {
        var (exitCode, output) = await CliRunner.RunAsync("server", "--port", "0", "--engine-profile", Path.Combine(Path.GetTempPath(), "no-such-engine-profile.json"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }
}
