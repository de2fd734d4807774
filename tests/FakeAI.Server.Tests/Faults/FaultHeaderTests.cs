using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

public sealed class FaultHeaderTests
{
    private static readonly FaultDecider Decider = new(new FaultOptions { StallSeconds = 5, MaxHoldSeconds = 600, RetryAfterSeconds = 1 });

    private static InjectedFault? Parse(string value)
    {
        Assert.True(FaultHeader.TryParse(value, Decider, 0.5, out var fault, out var error), error);
        return fault;
    }

    private static string Error(string value)
    {
        Assert.False(FaultHeader.TryParse(value, Decider, 0.5, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("429", FaultKind.RateLimit)]
    [InlineData("500", FaultKind.ServerError)]
    [InlineData("503", FaultKind.Overloaded)]
    [InlineData("400", FaultKind.ContextLength)]
    [InlineData("401", FaultKind.InvalidApiKey)]
    [InlineData("timeout", FaultKind.Timeout)]
    [InlineData("Disconnect", FaultKind.Disconnect)]
    [InlineData("stream-error", FaultKind.StreamError)]
    [InlineData(" stall ", FaultKind.Stall)]
    [InlineData("truncated-json", FaultKind.TruncatedJson)]
    public void Every_type_name_forces_its_fault(string value, FaultKind kind) => Assert.Equal(kind, Parse(value)!.Kind);

    [Fact]
    public void Parameters_override_the_configured_ones()
    {
        Assert.Equal(5, Parse("disconnect;after=5")!.After(100));
        Assert.Equal(50, Parse("disconnect")!.After(100));
        Assert.Equal((2.5, 3), (Parse("stall; seconds=2.5; after=3")!.Seconds, Parse("stall;seconds=2.5;after=3")!.After(100)));
        Assert.Equal(5, Parse("stall")!.Seconds);
        Assert.Equal(600, Parse("timeout")!.Seconds);
        Assert.Equal(1.5, Parse("timeout;seconds=1.5")!.Seconds);
        Assert.Equal(7, Parse("429;retry-after=7")!.RetryAfterSeconds);
        Assert.Null(Parse("none"));
    }

    [Fact]
    public void Bad_values_and_parameters_are_explained()
    {
        Assert.Contains("Allowed values: 429, 500, 503, 400, 401, timeout, disconnect, stream-error, stall, truncated-json, none", Error("502"), StringComparison.Ordinal);
        Assert.Contains("'after' must be a whole number", Error("disconnect;after=-1"), StringComparison.Ordinal);
        Assert.Contains("'after' is not a parameter of '429'", Error("429;after=3"), StringComparison.Ordinal);
        Assert.Contains("'seconds' must be a number above 0 and at most 600", Error("stall;seconds=601"), StringComparison.Ordinal);
        Assert.Contains("'seconds' must be a number above 0", Error("timeout;seconds=0"), StringComparison.Ordinal);
        Assert.Contains("'bogus' is not a parameter of 'stall'", Error("stall;bogus=1"), StringComparison.Ordinal);
        Assert.Contains("Allowed values", Error("none;after=1"), StringComparison.Ordinal);
        Assert.True(Error(new string('x', 5000)).Length < 600);
    }
}
