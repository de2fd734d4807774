namespace FakeAI.Reports.Runs;

/// <summary>What the server said about itself before the benchmarks started.</summary>
public sealed record ServerInfo(string Url, bool Reachable, bool Healthy, int? ModelCount, string? Error);
