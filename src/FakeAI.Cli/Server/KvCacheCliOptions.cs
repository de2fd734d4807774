using System.CommandLine;

namespace FakeAI.Cli.Server;

/// <summary>The KV cache simulation's options of <c>fakeai server</c>, kept together so the command only adds and reads them.</summary>
internal sealed class KvCacheCliOptions
{
    private readonly Option<int?> _blockSize = new("--kv-block-size") { Description = "Tokens per KV block; only full blocks are cached (default 16)." };
    private readonly Option<int?> _workers = new("--kv-workers") { Description = "Simulated engine workers behind the router, 1-64 (default 4)." };
    private readonly Option<int?> _capacity = new("--kv-capacity-blocks") { Description = "KV blocks each worker holds before LRU eviction (default 16384)." };
    private readonly Option<string> _router = new("--router") { Description = "Routing policy: kv, round-robin, random or least-loaded (default kv)." };
    private readonly Option<double?> _overlapWeight = new("--kv-overlap-weight") { Description = "KV router cost = weight x prefill blocks + running blocks (default 1; 0 = load only)." };
    private readonly Option<double?> _temperature = new("--router-temperature") { Description = "Softmax temperature of the KV router; 0 takes the cheapest worker (default 0)." };
    private readonly Option<double?> _hitSpeedup = new("--kv-hit-speedup") { Description = "Fraction of the sampled TTFT saved by a fully cached prompt, 0-1 (default 0.8)." };
    private readonly Option<bool> _disabled = new("--no-kv-cache") { Description = "Turn the KV cache simulation off (also FAKEAI_ENABLE_PROMPT_CACHING=false)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _blockSize, _workers, _capacity, _router, _overlapWeight, _temperature, _hitSpeedup, _disabled })
        {
            command.Options.Add(option);
        }
    }

    public KvCacheArguments Read(ParseResult parseResult) => new()
    {
        BlockSize = parseResult.GetValue(_blockSize),
        Workers = parseResult.GetValue(_workers),
        CapacityBlocks = parseResult.GetValue(_capacity),
        Router = parseResult.GetValue(_router),
        OverlapWeight = parseResult.GetValue(_overlapWeight),
        RouterTemperature = parseResult.GetValue(_temperature),
        HitSpeedup = parseResult.GetValue(_hitSpeedup),
        Disabled = parseResult.GetValue(_disabled),
    };
}
