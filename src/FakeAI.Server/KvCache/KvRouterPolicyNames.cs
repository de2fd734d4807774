namespace FakeAI.Server.KvCache;

/// <summary>The command-line spelling of <see cref="KvRouterPolicy"/> values.</summary>
public static class KvRouterPolicyNames
{
    public static IReadOnlyList<string> All { get; } = ["kv", "round-robin", "random", "least-loaded"];

    /// <summary>Parses <c>kv</c>, <c>round-robin</c>, <c>random</c> or <c>least-loaded</c> (case-insensitive).</summary>
    public static bool TryParse(string? name, out KvRouterPolicy policy)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "KV":
                policy = KvRouterPolicy.Kv;
                return true;
            case "ROUND-ROBIN" or "ROUND_ROBIN" or "ROUNDROBIN":
                policy = KvRouterPolicy.RoundRobin;
                return true;
            case "RANDOM":
                policy = KvRouterPolicy.Random;
                return true;
            case "LEAST-LOADED" or "LEAST_LOADED" or "LEASTLOADED":
                policy = KvRouterPolicy.LeastLoaded;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    public static string NameOf(KvRouterPolicy policy) => policy switch
    {
        KvRouterPolicy.Kv => "kv",
        KvRouterPolicy.RoundRobin => "round-robin",
        KvRouterPolicy.Random => "random",
        KvRouterPolicy.LeastLoaded => "least-loaded",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}
