namespace FakeAI.Server.KvCache;

/// <summary>How the simulated router picks the worker that serves a request.</summary>
public enum KvRouterPolicy
{
    /// <summary>Lowest <c>overlap weight × prefill blocks + load blocks</c>, as NVIDIA Dynamo's KV router does.</summary>
    Kv,

    /// <summary>Workers in turn, ignoring the cache.</summary>
    RoundRobin,

    /// <summary>A uniformly random worker.</summary>
    Random,

    /// <summary>The worker with the fewest prompt blocks running (ties at random).</summary>
    LeastLoaded,
}
