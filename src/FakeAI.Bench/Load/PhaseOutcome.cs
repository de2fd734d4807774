using FakeAI.Bench.Records;

namespace FakeAI.Bench.Load;

/// <summary>What one phase produced: the records that count, its start/end timestamps, whether it was cut short, and why
/// it stopped sending when the server went away (<see cref="ServerHealth"/>).</summary>
internal sealed record PhaseOutcome(IReadOnlyList<RequestRecord> Records, long StartTimestamp, long EndTimestamp, bool WasCancelled, int Dropped, string? ServerLostReason);
