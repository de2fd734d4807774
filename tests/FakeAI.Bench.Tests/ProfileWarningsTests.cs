namespace FakeAI.Bench.Tests;

public sealed class ProfileWarningsTests
{
    private static ProfileConfig Config => new() { Models = ["m"], Concurrency = 50, RequestCount = 10 };

    [Fact]
    public void Concurrency_above_the_count_warns_only_when_the_count_bounds_the_run()
    {
        Assert.Single(ProfileWarnings.ForConfig(Config));
        Assert.Empty(ProfileWarnings.ForConfig(Config with { RequestCount = 50 }));
        Assert.Empty(ProfileWarnings.ForConfig(Config with { BenchmarkDurationSeconds = 5 }));
        Assert.Empty(ProfileWarnings.ForConfig(Config with { Concurrency = null }));
    }
}
