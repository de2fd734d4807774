namespace FakeAI.Fuzz;

/// <summary>The server at one check: resident set, managed heap (garbage not yet collected included) and the size of the
/// <c>/metrics</c> response (it grows with every distinct label value, such as a new model name).</summary>
internal sealed record MemorySample(double Seconds, long Requests, long ResidentBytes, long? ManagedBytes, long MetricsBytes);
