using FakeAI.Cli.Server;
using FakeAI.Server.KvCache;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Server;

public sealed class KvCacheCliTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static (FakeAI.Server.FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        KvCacheArguments kv, Dictionary<string, string?>? environment = null) =>
        ServerOptionsBuilder.Build(new ServerArguments { KvCache = kv }, environment ?? NoEnvironment, "/nonexistent", _ => null);

    [Fact]
    public void Kv_flags_reach_the_server_options()
    {
        var (options, errors) = Build(new KvCacheArguments
        {
            BlockSize = 32, Workers = 8, CapacityBlocks = 50_000, Router = "round-robin", OverlapWeight = 2.5,
            RouterTemperature = 0.5, HitSpeedup = 0.6,
        });

        Assert.Empty(errors);
        var kv = options!.KvCache;
        Assert.Equal((32, 8, 50_000, KvRouterPolicy.RoundRobin, 2.5, 0.5, 0.6, true),
            (kv.BlockSize, kv.Workers, kv.CapacityBlocks, kv.Router, kv.OverlapWeight, kv.RouterTemperature, kv.HitSpeedup, kv.Enabled));
    }

    [Fact]
    public void No_kv_cache_and_the_environment_switch_turn_the_simulation_off()
    {
        Assert.False(Build(new KvCacheArguments { Disabled = true }).Options!.KvCacheEnabled);
        Assert.False(Build(new KvCacheArguments(), new() { ["FAKEAI_ENABLE_PROMPT_CACHING"] = "false" }).Options!.KvCacheEnabled);
        Assert.True(Build(new KvCacheArguments()).Options!.KvCacheEnabled);
    }

    [Fact]
    public void Config_file_sets_every_kv_setting_and_flags_then_environment_override_it()
    {
        const string json = """
            {"kvBlockSize": 32, "kvWorkers": 8, "kvCapacityBlocks": 50000, "router": "least-loaded",
             "kvOverlapWeight": 2.5, "routerTemperature": 0.5, "kvHitSpeedup": 0.6, "promptCaching": true}
            """;
        (FakeAI.Server.FakeAIServerOptions? Options, IReadOnlyList<string> Errors) FromFile(KvCacheArguments kv, Dictionary<string, string?>? environment = null) =>
            ServerOptionsBuilder.Build(new ServerArguments { KvCache = kv }, environment ?? NoEnvironment, "/cwd", path => path == "/cwd/fakeai.json" ? json : null);

        var (fileOnly, errors) = FromFile(new KvCacheArguments());
        var (flagged, _) = FromFile(new KvCacheArguments { Workers = 2, Router = "kv", HitSpeedup = 0.1 });
        var (envOff, _) = FromFile(new KvCacheArguments(), new() { ["FAKEAI_ENABLE_PROMPT_CACHING"] = "false" });

        Assert.Empty(errors);
        var kv = fileOnly!.KvCache;
        Assert.Equal((32, 8, 50_000, KvRouterPolicy.LeastLoaded, 2.5, 0.5, 0.6, true),
            (kv.BlockSize, kv.Workers, kv.CapacityBlocks, kv.Router, kv.OverlapWeight, kv.RouterTemperature, kv.HitSpeedup, kv.Enabled));
        kv = flagged!.KvCache;
        Assert.Equal((32, 2, 50_000, KvRouterPolicy.Kv, 2.5, 0.5, 0.1), (kv.BlockSize, kv.Workers, kv.CapacityBlocks, kv.Router, kv.OverlapWeight, kv.RouterTemperature, kv.HitSpeedup));
        Assert.False(envOff!.KvCacheEnabled);
    }

    [Fact]
    public void Bad_kv_values_in_the_config_file_are_all_reported()
    {
        const string json = """{"kvWorkers": "four", "router": "fastest", "kvBlockSize": 1.5, "kvHitSpeedup": true}""";

        var (options, errors) = ServerOptionsBuilder.Build(new ServerArguments(), NoEnvironment, "/cwd", path => path == "/cwd/fakeai.json" ? json : null);

        Assert.Null(options);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("'kvWorkers' has the wrong type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'router': 'fastest' is not one of kv, round-robin, random, least-loaded", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'kvBlockSize' has the wrong type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'kvHitSpeedup' has the wrong type", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_values_are_all_reported()
    {
        var (options, errors) = Build(new KvCacheArguments { BlockSize = 0, Workers = -1, CapacityBlocks = 0, HitSpeedup = 2 });

        Assert.Null(options);
        Assert.Equal(4, errors.Count);
    }

    [Theory]
    [InlineData("--router", "fastest", "--router: 'fastest' is not one of kv, round-robin, random, least-loaded")]
    [InlineData("--kv-block-size", "0", "kv block size must be at least 1 token")]
    [InlineData("--kv-capacity-blocks", "100", "smaller than one request of the largest context window")]
    public async Task Invalid_kv_settings_exit_with_code_2_and_a_clear_message(string flag, string value, string message)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exitCode = await CliApp.RunAsync(["server", "--port", "0", flag, value], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(message, console.Output, StringComparison.Ordinal);
    }
}
