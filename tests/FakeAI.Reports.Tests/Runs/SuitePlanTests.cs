using FakeAI.Reports.Suite;

namespace FakeAI.Reports.Tests.Runs;

public sealed class SuitePlanTests
{
    [Theory]
    [InlineData(8, 100)]
    [InlineData(50, 250)]
    [InlineData(200, 1000)]
    public void Quick_runs_send_several_waves_at_the_concurrency_they_name(int concurrency, int requests)
    {
        var plan = SuitePlan.Build(new SuiteOptions { Url = "http://127.0.0.1:1", Quick = true, Models = ["a", "b"], Concurrency = [concurrency] });

        Assert.Equal(2, plan.Count);
        Assert.All(plan, run => Assert.Equal(requests, run.Config.RequestCount));
        Assert.All(plan, run => Assert.True(run.Config.RequestCount >= SuitePlan.QuickWaves * run.Config.Concurrency));
    }

    [Fact]
    public void Warm_up_sends_the_first_configuration_of_each_streaming_mode()
    {
        var options = new SuiteOptions { Url = "http://127.0.0.1:1", Models = ["a", "b"], Concurrency = [10, 100] };

        var configs = SuiteRunner.WarmupConfigs(options, SuitePlan.Build(options));

        Assert.Equal([(true, 10), (false, 50)], configs.Select(c => (c.Streaming, c.EffectiveConcurrency)));
        Assert.All(configs, c => Assert.Equal(["a"], c.Models));
    }
}
