using FakeAI.Server.Limits;

namespace FakeAI.Server.Tests.Limits;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void Everything_is_off_by_default_and_valid()
    {
        var limits = new FakeAIServerOptions().Limits;

        Assert.Empty(limits.Validate());
        Assert.False(limits.AdmissionEnabled);
        Assert.Equal(TimeSpan.Zero, limits.StartupDelay);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_through_the_server_options()
    {
        var options = new FakeAIServerOptions
        {
            Limits = new LimitsOptions
            {
                RequestsPerMinute = 0,
                TokensPerMinute = -5,
                MaxQueue = -1,
                QueueTimeout = TimeSpan.Zero,
                StartupDelay = TimeSpan.FromSeconds(-1),
            },
        };

        var errors = options.Validate();

        Assert.Equal(
            [
                "rpm: must be at least 1 (got 0)",
                "tpm: must be at least 1 (got -5)",
                "max-queue: must not be negative (got -1)",
                "max-queue: only takes effect together with max-concurrency",
                "queue-timeout: must be more than 0 and at most 86400 seconds (got 0)",
                "queue-timeout: only takes effect together with max-concurrency",
                "startup-delay: must be between 0 and 86400 seconds (got -1)",
            ],
            errors);
    }

    [Fact]
    public void Zero_concurrency_and_an_over_long_delay_are_refused()
    {
        var limits = new LimitsOptions { MaxConcurrency = 0, StartupDelay = TimeSpan.FromDays(2) };

        Assert.Equal(
            ["max-concurrency: must be at least 1 (got 0)", "startup-delay: must be between 0 and 86400 seconds (got 172800)"],
            limits.Validate());
    }

    [Fact]
    public async Task Invalid_limits_stop_the_server_from_starting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            TestServers.StartAsync(o => o.Limits = new LimitsOptions { RequestsPerMinute = 0, MaxConcurrency = -2 }));

        Assert.Contains("rpm: must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("max-concurrency: must be at least 1", error.Message, StringComparison.Ordinal);
    }
}
