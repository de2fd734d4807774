using FakeAI.Server;
using FakeAI.Server.KvCache;

namespace FakeAI.Cli.Server;

/// <summary>The KV cache and router flags of <c>fakeai server</c>; null means "not given".</summary>
internal sealed record KvCacheArguments
{
    public int? BlockSize { get; init; }

    public int? Workers { get; init; }

    public int? CapacityBlocks { get; init; }

    public string? Router { get; init; }

    public double? OverlapWeight { get; init; }

    public double? RouterTemperature { get; init; }

    public double? HitSpeedup { get; init; }

    /// <summary><c>--no-kv-cache</c>: turns the simulation off whatever the environment or config file say.</summary>
    public bool Disabled { get; init; }

    /// <summary>Copies the given values onto <paramref name="options"/>; range checks are left to <see cref="FakeAIServerOptions.Validate"/>.</summary>
    public void ApplyTo(FakeAIServerOptions options, List<string> errors)
    {
        var kv = options.KvCache;
        kv.BlockSize = BlockSize ?? kv.BlockSize;
        kv.Workers = Workers ?? kv.Workers;
        kv.CapacityBlocks = CapacityBlocks ?? kv.CapacityBlocks;
        kv.OverlapWeight = OverlapWeight ?? kv.OverlapWeight;
        kv.RouterTemperature = RouterTemperature ?? kv.RouterTemperature;
        kv.HitSpeedup = HitSpeedup ?? kv.HitSpeedup;
        if (Router is not null)
        {
            if (KvRouterPolicyNames.TryParse(Router, out var policy))
            {
                kv.Router = policy;
            }
            else
            {
                errors.Add($"--router: '{Router}' is not one of {string.Join(", ", KvRouterPolicyNames.All)}");
            }
        }

        if (Disabled)
        {
            kv.Enabled = false;
        }
    }
}
