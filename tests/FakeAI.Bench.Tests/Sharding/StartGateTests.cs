using FakeAI.Bench.Load;

namespace FakeAI.Bench.Tests.Sharding;

public sealed class StartGateTests
{
    [Fact]
    public async Task The_gate_opens_at_the_start_instant_on_the_real_clock()
    {
        var startAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await new StartGate(startAt, TimeProvider.System).WaitAsync(CancellationToken.None);
        var late = DateTimeOffset.UtcNow - startAt;
        Assert.True(late.TotalMilliseconds is >= 0 and < 200, late.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
