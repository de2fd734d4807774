using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

public sealed class FaultOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_inject_nothing()
    {
        var options = new FakeAIServerOptions();

        Assert.Empty(options.Validate());
        Assert.False(options.Faults.AnyRate);
        Assert.Equal((0L, (int?)null, 5.0, 600.0, 1), (options.Faults.Seed, options.Faults.AfterTokens, options.Faults.StallSeconds, options.Faults.MaxHoldSeconds, options.Faults.RetryAfterSeconds));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new FakeAIServerOptions
        {
            Port = -1,
            Faults = new FaultOptions
            {
                Rates = { [FaultKind.RateLimit] = 1.5, [FaultKind.Stall] = -0.1, [FaultKind.Disconnect] = double.NaN },
                AfterTokens = -2,
                StallSeconds = 0,
                RetryAfterSeconds = -1,
            },
        };

        var errors = options.Validate();

        Assert.Equal(
            [
                "port: -1 is outside 0-65535",
                "fault-rates: the rate of '429' is 1.5, outside 0-1",
                "fault-rates: the rate of 'disconnect' is NaN, outside 0-1",
                "fault-rates: the rate of 'stall' is -0.1, outside 0-1",
                "fault-after: must not be negative",
                "fault-stall-seconds: 0 s is outside (0, 600] (at most fault-max-hold)",
                "fault-retry-after: -1 is outside 0-86400 seconds",
            ],
            errors);
    }

    [Fact]
    public void Hold_limits_and_the_stall_are_checked_against_each_other()
    {
        var tooLong = new FaultOptions { MaxHoldSeconds = 100_000 };
        var stallBeyondHold = new FaultOptions { MaxHoldSeconds = 10, StallSeconds = 11 };
        var sharedRates = new FaultOptions { Rates = { [FaultKind.RateLimit] = 0.6, [FaultKind.Overloaded] = 0.5 } };

        Assert.Equal(["fault-max-hold: 100000 s is outside (0, 86400] seconds"], tooLong.Validate());
        Assert.Equal(["fault-stall-seconds: 11 s is outside (0, 10] (at most fault-max-hold)"], stallBeyondHold.Validate());
        Assert.Equal(["fault-rates: the rates add up to 1.1, more than 1"], sharedRates.Validate());
    }

    [Fact]
    public async Task The_server_refuses_invalid_fault_options()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FakeAIServer.StartAsync(
            new FakeAIServerOptions { Port = 0, Faults = new FaultOptions { Rates = { [FaultKind.Timeout] = 2 } } }));

        Assert.Contains("fault-rates: the rate of 'timeout' is 2, outside 0-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_lists_parse_and_report_every_bad_entry()
    {
        var rates = new Dictionary<FaultKind, double>();
        var errors = new List<string>();

        FaultOptions.ParseRates("429=0.05, disconnect = 0.01,bogus=0.1,stall=x,503", "--fault-rates", rates, errors);

        Assert.Equal(new Dictionary<FaultKind, double> { [FaultKind.RateLimit] = 0.05, [FaultKind.Disconnect] = 0.01 }, rates);
        Assert.Equal(
            [
                "--fault-rates: unknown fault type 'bogus' (known: 429, 500, 503, 400, 401, timeout, disconnect, stream-error, stall, truncated-json)",
                "--fault-rates: the rate of 'stall' ('x') is not a number",
                "--fault-rates: '503' is not TYPE=RATE",
            ],
            errors);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(0.12, "120ms")]
    [InlineData(1, "1s")]
    [InlineData(1.5, "1.5s")]
    [InlineData(60, "1m0s")]
    [InlineData(360, "6m0s")]
    [InlineData(3723, "1h2m3s")]
    [InlineData(3600, "1h0m0s")]
    public void Reset_durations_are_written_as_go_durations_as_openai_does(double seconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
