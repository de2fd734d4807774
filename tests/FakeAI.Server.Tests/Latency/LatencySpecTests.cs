namespace FakeAI.Server.Tests.Latency;

public sealed class LatencySpecTests
{
    [Theory]
    [InlineData("20", 20, 0)]
    [InlineData("50:30", 50, 30)]
    [InlineData("12.5:7.5", 12.5, 7.5)]
    [InlineData("0", 0, 0)]
    [InlineData("10:0", 10, 0)]
    [InlineData("10:100", 10, 100)]
    [InlineData(" 5 ", 5, 0)]
    public void Valid_specs_parse(string text, double mean, double percent)
    {
        Assert.True(LatencySpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(new LatencySpec(mean, percent), spec);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10:-5")]
    [InlineData("10:101")]
    [InlineData("10:20:30")]
    [InlineData("ten")]
    [InlineData("10:x")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Malformed_specs_are_rejected_with_a_message(string? text)
    {
        Assert.False(LatencySpec.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Sampling_is_uniform_over_the_band()
    {
        var spec = new LatencySpec(50, 30);

        Assert.Equal(35, spec.Sample(0), 9);
        Assert.Equal(50, spec.Sample(0.5), 9);
        Assert.Equal(65, spec.Sample(1), 9);
        Assert.Equal(50, LatencySpec.Exact(50).Sample(0.99));
    }

    [Fact]
    public void Options_report_every_error_at_once()
    {
        var options = new FakeAIServerOptions
        {
            Host = "not a host",
            Port = 70_000,
            Ttft = new LatencySpec(-1, 0),
            Itl = new LatencySpec(5, 300),
            DefaultMaxTokens = 0,
            ApiKeys = ["has space"],
        };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        Assert.Empty(new FakeAIServerOptions().Validate());
    }

    [Fact]
    public async Task Start_refuses_invalid_options()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FakeAIServer.StartAsync(new FakeAIServerOptions { Port = -1 }));
    }
}
