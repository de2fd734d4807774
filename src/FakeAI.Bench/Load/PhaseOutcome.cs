using FakeAI.Bench.Records;

namespace FakeAI.Bench.Load;

/// <summary>What one phase produced: the records that count, its start/end timestamps and whether it was cut short.</summary>
internal sealed record PhaseOutcome(IReadOnlyList<RequestRecord> Records, long StartTimestamp, long EndTimestamp, bool WasCancelled, int Dropped);
