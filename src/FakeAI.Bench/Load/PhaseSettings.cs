using FakeAI.Bench.Records;

namespace FakeAI.Bench.Load;

/// <summary>How one phase issues credits.</summary>
internal sealed record PhaseSettings(
    BenchmarkPhase Phase,
    LoadMode Mode,
    int? CreditCount,
    TimeSpan? Duration,
    TimeSpan GracePeriod,
    int? ConcurrencyLimit,
    ArrivalSchedule? Schedule);
