namespace FakeAI.Bench.Memory;

/// <summary>One resident-memory reading of the server, taken <paramref name="ElapsedSeconds"/> after the phase started.</summary>
public sealed record MemorySample(double ElapsedSeconds, double ResidentMegabytes);
