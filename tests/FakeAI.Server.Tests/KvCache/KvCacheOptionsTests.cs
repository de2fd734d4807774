using FakeAI.Server.KvCache;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvCacheOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new KvCacheOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((16, 4, 16_384, KvRouterPolicy.Kv, 1.0, 0.0, 0.8, true),
            (options.BlockSize, options.Workers, options.CapacityBlocks, options.Router, options.OverlapWeight,
             options.RouterTemperature, options.HitSpeedup, options.Enabled));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var options = new KvCacheOptions
        {
            BlockSize = 0, Workers = 65, CapacityBlocks = 0, Router = (KvRouterPolicy)42, OverlapWeight = -1,
            RouterTemperature = double.NaN, HitSpeedup = 1.5,
        };

        var errors = options.Validate();

        Assert.Equal(7, errors.Count);
        Assert.Contains(errors, e => e.Contains("unknown router", StringComparison.Ordinal));
    }

    [Fact]
    public void Capacity_must_hold_one_request_of_the_largest_context_window()
    {
        var options = new KvCacheOptions { BlockSize = 16, CapacityBlocks = 8_000 };

        Assert.Empty(options.Validate(largestContextWindowTokens: 128_000));
        var error = Assert.Single(options.Validate(largestContextWindowTokens: 128_001));
        Assert.Contains("8001 blocks", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kv", KvRouterPolicy.Kv)]
    [InlineData("Round-Robin", KvRouterPolicy.RoundRobin)]
    [InlineData("random", KvRouterPolicy.Random)]
    [InlineData("least_loaded", KvRouterPolicy.LeastLoaded)]
    public void Router_names_parse_and_round_trip(string name, KvRouterPolicy expected)
    {
        Assert.True(KvRouterPolicyNames.TryParse(name, out var policy));
        Assert.Equal(expected, policy);
        Assert.True(KvRouterPolicyNames.TryParse(KvRouterPolicyNames.NameOf(policy), out var again));
        Assert.Equal(policy, again);
    }

    [Fact]
    public void Unknown_router_name_does_not_parse()
    {
        Assert.False(KvRouterPolicyNames.TryParse("fastest", out _));
        Assert.False(KvRouterPolicyNames.TryParse(null, out _));
    }
}
