namespace FakeAI.Cli.Tests;

/// <summary>
/// Suite and bench tests put real load on a loopback server; they run alone, after the parallel tests, so they do not
/// disturb tests that measure latencies on the same two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTests
{
    public const string Name = "load tests";
}
