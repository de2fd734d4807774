namespace FakeAI.Server.Engine;

/// <summary>A worker's step lateness so far (see <see cref="StepLateness"/>), in milliseconds.</summary>
/// <param name="Count">Steps measured: every step that followed another in a chain (a chain's first step starts on arrival).</param>
/// <param name="P50Ms">Median lateness (its bucket's upper bound, ≤ 6.25 % above the true value).</param>
/// <param name="P99Ms">99th percentile, likewise.</param>
/// <param name="MaxMs">Largest lateness, to the microsecond.</param>
internal sealed record StepLatenessSnapshot(long Count, double P50Ms, double P99Ms, double MaxMs);
