using FakeAI.Server.Limits;

namespace FakeAI.Server.Tests.Limits;

public sealed class RateLimitDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-5, "0s")]
    [InlineData(2_000, "1ms")]
    [InlineData(200_000, "20ms")]
    [InlineData(9_990_000, "999ms")]
    [InlineData(10_000_000, "1s")]
    [InlineData(12_000_000, "1.2s")]
    [InlineData(11_460_000, "1.146s")]
    [InlineData(11_460_001, "1.147s")]
    [InlineData(200_000_000, "20s")]
    [InlineData(600_000_000, "1m0s")]
    [InlineData(3_600_000_000, "6m0s")]
    [InlineData(1_795_600_000, "2m59.56s")]
    [InlineData(36_000_000_000, "1h0m0s")]
    [InlineData(37_230_000_000, "1h2m3s")]
    public void Formats_like_openai_headers_rounding_up_to_the_millisecond(long ticks, string expected) =>
        Assert.Equal(expected, RateLimitDuration.Format(ticks, TimeSpan.TicksPerSecond));

    [Fact]
    public void Exact_decimal_values_do_not_pick_up_a_millisecond_at_nanosecond_frequencies()
    {
        Assert.Equal("1.2s", RateLimitDuration.Format(1_200_000_000, 1_000_000_000));
        Assert.Equal("59.88s", RateLimitDuration.Format(59_880_000_000, 1_000_000_000));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10_000_000, 1)]
    [InlineData(10_000_001, 2)]
    [InlineData(12_000_000, 2)]
    [InlineData(570_000_000, 57)]
    public void Retry_after_is_whole_seconds_rounded_up_and_at_least_one(long ticks, long seconds) =>
        Assert.Equal(seconds, RateLimitDuration.RetryAfterSeconds(ticks, TimeSpan.TicksPerSecond));
}
