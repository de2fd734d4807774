using FakeAI.Bench.Records;

namespace FakeAI.Bench.Load;

/// <summary>How one phase issues credits: which (<see cref="Plan"/>), when (<see cref="Schedule"/> for an open loop,
/// from <see cref="Start"/> when set) and how many at once.</summary>
internal sealed record PhaseSettings(
    BenchmarkPhase Phase,
    LoadMode Mode,
    CreditPlan Plan,
    TimeSpan? Duration,
    TimeSpan GracePeriod,
    int? ConcurrencyLimit,
    ArrivalSchedule? Schedule,
    StartGate? Start = null);
