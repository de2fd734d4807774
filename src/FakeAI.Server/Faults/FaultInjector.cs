using FakeAI.Server.Generation;
using Prometheus;

namespace FakeAI.Server.Faults;

/// <summary>One server's fault state: the decider, the draws for header-forced faults and the per-type counters.</summary>
internal sealed class FaultInjector(FaultOptions options)
{
    /// <summary>Response header naming the fault a request got, so a client's logs can tell injected failures from real ones.</summary>
    public const string InjectedHeader = "X-FakeAI-Fault-Injected";

    private Counter.Child[] _counters = [];
    private long _forced;
    private volatile bool _midStreamSeen;
    private int _held;

    public FaultDecider Decider { get; } = new(options);

    public FaultOptions Options => Decider.Options;

    /// <summary>
    /// Whether any request has been given a mid-stream fault yet. Until then the response writer skips even the feature
    /// lookup, so a server that never injects one pays a single branch per response.
    /// </summary>
    public bool MidStreamSeen => _midStreamSeen;

    /// <summary>Requests a <see cref="FaultKind.Timeout"/> is holding right now.</summary>
    public int HeldRequests => Volatile.Read(ref _held);

    public void HoldStarted() => Interlocked.Increment(ref _held);

    public void HoldEnded() => Interlocked.Decrement(ref _held);

    /// <summary>Hands a mid-stream fault to the response writer through the request's features.</summary>
    public void Attach(Microsoft.AspNetCore.Http.HttpContext context, InjectedFault fault)
    {
        _midStreamSeen = true;
        context.Features.Set(fault);
    }

    /// <summary>Creates <c>fakeai_injected_faults_total{type}</c> on the server's registry, every type at 0.</summary>
    public void Register(CollectorRegistry registry)
    {
        var counter = Metrics.WithCustomRegistry(registry)
            .CreateCounter("fakeai_injected_faults_total", "Faults injected on purpose, by type (docs/server.md, Fault injection).", ["type"]);
        _counters = [.. FaultKindNames.All.Select(name => counter.WithLabels(name))];
    }

    public void Count(FaultKind kind)
    {
        if (_counters.Length > 0)
        {
            _counters[(int)kind].Inc();
        }
    }

    /// <summary>Where k falls for the n-th header-forced fault without <c>after=</c>: seeded, apart from the random faults' draws.</summary>
    public double NextForcedFraction()
    {
        var n = (ulong)(Interlocked.Increment(ref _forced) - 1);
        var rng = new SplitMix64(unchecked((ulong)Options.Seed ^ 0x5F1A17FA017ED5EEUL ^ (n * 0xD1B54A32D192ED03UL)));
        return rng.NextDouble();
    }
}
