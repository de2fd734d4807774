using FakeAI.Server.Engine;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Server.Tests.Engine.Calibration;

public sealed class ClosedLoopSimulationTests
{
    [Fact]
    public void One_client_sees_the_latencies_the_model_was_built_from_back_to_back()
    {
        var options = new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1_024, 8_192) };

        var measured = ClosedLoopSimulation.Measure(options, new SweepPoint(1, 1_024, 20, 5));

        Assert.Equal(100, measured.TtftP50Ms, 6);
        // Each decode step reads a little more KV than the one before, so the average gap is a hair above 10 ms.
        Assert.InRange(measured.ItlAvgMs, 10, 10.01);
        // One request at a time, each taking its TTFT and 19 gaps, with the client's round trip between them.
        var window = (5 * (100 + (19 * measured.ItlAvgMs))) + (4 * ClosedLoopSimulation.DefaultClientDelayMs);
        Assert.Equal(5 / (window / 1_000), measured.RequestsPerSecond, 6);
        Assert.Equal(20 * measured.RequestsPerSecond, measured.OutputTokensPerSecond, 9);
    }

    [Fact]
    public void Clients_that_do_not_arrive_at_one_instant_do_not_share_their_first_prefill()
    {
        // Two 1,024-token prompts: sent at one instant they are prefilled together in one step of 2,048 tokens, so both
        // wait for both; arriving a fraction of a millisecond apart, the first runs alone and the second follows it.
        var options = new EngineOptions { StepTime = StepTimeModel.FromLatencies(100, 10, 1_024, 8_192) };
        var point = new SweepPoint(2, 1_024, 20, 2);

        var apart = ClosedLoopSimulation.Measure(options, point);
        var together = ClosedLoopSimulation.Measure(options, point, clientDelayMs: 0);

        Assert.Equal(2 * options.StepTime.LonePrefillMs(1_024, 8_192), together.TtftP50Ms, 3);
        // The median of one lone prefill and one that waited for it: 1.5 prefills, less the head start.
        Assert.InRange(apart.TtftP50Ms, (1.5 * 100) - 1, 1.5 * 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosedLoopSimulation.Measure(options, point, double.NaN));
    }

    [Fact]
    public void Clients_past_the_batch_limit_wait_in_the_queue()
    {
        var options = new EngineOptions { MaxNumSeqs = 2, StepTime = StepTimeModel.FromLatencies(100, 10, 1_024, 8_192) };

        var atLimit = ClosedLoopSimulation.Measure(options, new SweepPoint(2, 1_024, 20, 8));
        var pastLimit = ClosedLoopSimulation.Measure(options, new SweepPoint(4, 1_024, 20, 16));

        // Two more clients add no throughput; the second pair of each wave waits a whole request for its first token.
        Assert.InRange(pastLimit.RequestsPerSecond / atLimit.RequestsPerSecond, 0.9, 1.1);
        Assert.True(pastLimit.TtftP50Ms > atLimit.TtftP50Ms + 150, $"{pastLimit.TtftP50Ms} vs {atLimit.TtftP50Ms}");
    }
}
