using System.Globalization;
using FakeAI.Server.Engine;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Server.Tests.Engine.Calibration;

public sealed class EngineProfileTests
{
    private static readonly SweepPoint Point = new(2, 64, 16, 8);

    [Fact]
    public void A_written_profile_reads_back_as_the_same_engine_with_its_fit()
    {
        var options = new EngineOptions { MaxNumSeqs = 6, MaxNumBatchedTokens = 1_024, CapacityBlocks = 4_096, StepTime = new StepTimeModel(0.5, 0.1, 0.07, 9.5, 0.0021) };
        var measured = ClosedLoopSimulation.Measure(options, Point);
        var fit = new EngineFit(options, [new CellResidual(measured with { TtftP50Ms = measured.TtftP50Ms * 1.02 }, measured)], true, 42);

        var json = EngineProfile.From(fit, "http://127.0.0.1:8000", "tiny").ToJson();
        var (read, errors) = EngineProfile.Parse(json, "engine.json");

        Assert.Empty(errors);
        Assert.Equal(options.StepTime, read!.StepTime);
        Assert.Equal((6, 1_024, 16, 4_096), (read.MaxNumSeqs, read.MaxNumBatchedTokens, read.BlockSize, read.CapacityBlocks));
        Assert.Contains("\"kind\": \"fakeai-engine-profile\"", json, StringComparison.Ordinal);
        Assert.Contains("\"per_context_token\": 0.0021", json, StringComparison.Ordinal);
        Assert.Contains("\"measured_ttft_p50_ms\"", json, StringComparison.Ordinal);
        Assert.Contains("\"worst_error\": 0.0196", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_written_the_same_under_any_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var options = new EngineOptions { StepTime = new StepTimeModel(0.5, 0.1, 0.07, 9.5, 0.0021) };
            var json = EngineProfile.From(new EngineFit(options, [], true, 0), null, null).ToJson();

            Assert.Contains("\"weights\": 9.5", json, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("not json", "not an engine profile")]
    [InlineData("{\"kind\":\"fakeai-engine-profile\",\"version\":2,\"engine\":{\"max_num_seqs\":1,\"max_num_batched_tokens\":8,\"kv_block_size\":16,\"kv_capacity_blocks\":64,\"step_time_ms\":{\"base\":0,\"per_decode_seq\":0,\"per_token\":1,\"weights\":1,\"per_context_token\":0}}}", "version 2 is not")]
    [InlineData("{\"kind\":\"fakeai-engine-profile\",\"version\":1}", "not an engine profile")]
    [InlineData("{\"kind\":\"fakeai-engine-profile\",\"version\":1,\"engine\":{\"max_num_seqs\":0,\"max_num_batched_tokens\":8,\"kv_block_size\":16,\"kv_capacity_blocks\":64,\"step_time_ms\":{\"base\":0,\"per_decode_seq\":0,\"per_token\":-1,\"weights\":1,\"per_context_token\":0}}}", "max-num-seqs")]
    public void A_malformed_or_foreign_profile_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var (options, errors) = EngineProfile.Parse(json, "twin.json");

        Assert.Null(options);
        Assert.All(errors, e => Assert.StartsWith("twin.json: ", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_invalid_setting_of_a_profile_is_reported_at_once()
    {
        const string json = "{\"kind\":\"fakeai-engine-profile\",\"version\":1,\"engine\":{\"max_num_seqs\":0,\"max_num_batched_tokens\":8,\"kv_block_size\":16,\"kv_capacity_blocks\":64,\"step_time_ms\":{\"base\":0,\"per_decode_seq\":0,\"per_token\":-1,\"weights\":1,\"per_context_token\":0}}}";

        var (_, errors) = EngineProfile.Parse(json, "twin.json");

        Assert.Contains(errors, e => e.Contains("max-num-seqs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("per-token", StringComparison.Ordinal));
    }
}
