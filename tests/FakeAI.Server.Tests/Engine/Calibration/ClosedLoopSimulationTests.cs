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
        // One request at a time, each taking its TTFT and 19 gaps.
        Assert.Equal(1_000 / (100 + (19 * measured.ItlAvgMs)), measured.RequestsPerSecond, 6);
        Assert.Equal(20 * measured.RequestsPerSecond, measured.OutputTokensPerSecond, 9);
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
