using FakeAI.Bench.Records;

namespace FakeAI.Bench;

/// <summary>A snapshot of the running phase, reported a few times per second.</summary>
public sealed record ProfileProgress(BenchmarkPhase Phase, int Completed, int? Total, int Errors, int InFlight, TimeSpan Elapsed, TimeSpan? Duration);
