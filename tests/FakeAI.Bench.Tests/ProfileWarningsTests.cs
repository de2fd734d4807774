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

    [Fact]
    public void Prompt_length_options_warn_on_a_rankings_run_that_ignores_them()
    {
        var rankings = Config with { Concurrency = 1, EndpointType = EndpointType.Rankings };
        Assert.Empty(ProfileWarnings.ForConfig(rankings));
        Assert.Contains("--rankings-query-prompt-token-mean", Assert.Single(ProfileWarnings.ForConfig(rankings with { InputTokensMean = 64 })), StringComparison.Ordinal);
        Assert.Single(ProfileWarnings.ForConfig(rankings with { BatchSize = 4 }));
        Assert.Empty(ProfileWarnings.ForConfig(rankings with { InputTokensMean = 64, EndpointType = EndpointType.Embeddings }));
        Assert.Empty(ProfileWarnings.ForConfig(rankings with { InputTokensMean = 64, InputFile = "rankings.jsonl" }));
    }
}
