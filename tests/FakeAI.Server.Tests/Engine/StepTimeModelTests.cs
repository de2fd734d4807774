using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

public sealed class StepTimeModelTests
{
    [Theory]
    [InlineData(100, 10, 1_000, 8_192)]
    [InlineData(20, 5, 1_024, 8_192)]
    [InlineData(500, 20, 20_000, 2_048)] // chunked: 10 prefill steps
    [InlineData(30, 25, 64, 8_192)] // prefill barely above the memory floor
    public void Derived_model_reproduces_ttft_and_itl_for_the_reference_prompt(double ttft, double itl, int prompt, int budget)
    {
        var model = StepTimeModel.FromLatencies(ttft, itl, prompt, budget);

        Assert.Equal(ttft, model.LonePrefillMs(prompt, budget), 6);
        Assert.Equal(itl, model.LoneDecodeMs(prompt), 9);
        Assert.Empty(model.Validate());
    }

    [Fact]
    public void Decode_steps_are_memory_bound_until_the_ridge_then_grow_linearly()
    {
        var model = StepTimeModel.FromLatencies(100, 10, 1_000, 8_192);
        double Decode(int seqs) => model.DurationMs(seqs, 0, seqs * 100L);

        // Below the ridge a second sequence costs only its KV reads: throughput nearly doubles.
        Assert.InRange(Decode(2) / Decode(1), 1.0, 1.01);

        // Far past the ridge (weights / per-token ≈ 100 tokens), each extra sequence costs a full token of compute.
        Assert.Equal(2 * Decode(400), Decode(800), 6);
        Assert.Equal(model.PerTokenMs * 400, Decode(800) - Decode(400), 6);
    }

    [Fact]
    public void Empty_step_takes_no_time()
    {
        var model = new StepTimeModel(1, 1, 1, 1, 1);

        Assert.Equal(0, model.DurationMs(0, 0, 0));
        Assert.Equal(1 + 2 + Math.Max(3.0, 1 + 7), model.DurationMs(2, 1, 7));
    }

    [Fact]
    public void Ttft_below_the_memory_floor_is_refused_naming_ttft()
    {
        var error = Assert.Single(StepTimeModel.CheckLatencies(5, 10, 1_000, 8_192));

        Assert.StartsWith("ttft: 5 ms is shorter than reading the weights", error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StepTimeModel.FromLatencies(5, 10, 1_000, 8_192));
    }

    [Fact]
    public void Ttft_whose_compute_per_token_exceeds_a_decode_step_is_refused()
    {
        var error = Assert.Single(StepTimeModel.CheckLatencies(1_000, 10, 10, 8_192));

        Assert.Contains("more than a whole decode step", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_input_is_reported_at_once()
    {
        Assert.Equal(4, StepTimeModel.CheckLatencies(double.NaN, 0, 0, 0).Count);
        Assert.Equal(5, new StepTimeModel(-1, double.NaN, -2, double.PositiveInfinity, -3).Validate().Count);
        Assert.Contains("must take some time", Assert.Single(new StepTimeModel(0, 0, 0, 0, 0).Validate()), StringComparison.Ordinal);
    }
}
