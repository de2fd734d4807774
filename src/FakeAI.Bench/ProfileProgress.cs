using FakeAI.Bench.Records;

namespace FakeAI.Bench;

/// <summary>
/// A snapshot of the running phase, reported a few times per second. <see cref="TtftP50Ms"/> (streaming only) and
/// <see cref="ItlP50Ms"/> (mean gap between a request's responses) are running medians over the phase's successful
/// requests so far, within 1 %; null until one is known.
/// </summary>
public sealed record ProfileProgress(
    BenchmarkPhase Phase, int Completed, int? Total, int Errors, int InFlight, TimeSpan Elapsed, TimeSpan? Duration,
    double? TtftP50Ms = null, double? ItlP50Ms = null);
