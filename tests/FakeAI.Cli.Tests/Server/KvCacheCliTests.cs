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
