using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Defaults_are_vllms_and_reproduce_the_servers_default_latencies()
    {
        var options = new EngineOptions();

        Assert.Empty(options.Validate(largestContextWindowTokens: 131_072));
        Assert.Equal((256, 8_192, 16, 16_384), (options.MaxNumSeqs, options.MaxNumBatchedTokens, options.BlockSize, options.CapacityBlocks));
        Assert.Equal(20, options.StepTime.LonePrefillMs(EngineOptions.DefaultReferencePromptTokens, 8_192), 6);
        Assert.Equal(5, options.StepTime.LoneDecodeMs(EngineOptions.DefaultReferencePromptTokens), 9);
    }

    [Fact]
    public void Token_budget_smaller_than_one_decode_batch_is_refused_naming_the_setting()
    {
        var options = new EngineOptions { MaxNumSeqs = 256, MaxNumBatchedTokens = 100 };

        var error = Assert.Single(options.Validate());

        Assert.Equal("max-num-batched-tokens: 100 is smaller than one decode batch of max-num-seqs (256 tokens); raise it to at least 256", error);
    }

    [Fact]
    public void Capacity_must_hold_one_request_of_the_context_window()
    {
        var options = new EngineOptions { BlockSize = 16, CapacityBlocks = 8_000 };

        Assert.Empty(options.Validate(largestContextWindowTokens: 128_000));
        var error = Assert.Single(options.Validate(largestContextWindowTokens: 128_001));
        Assert.StartsWith("kv-capacity-blocks: 8000 blocks per worker cannot hold one request of the 128001-token context window (8001 blocks", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var options = new EngineOptions
        {
            MaxNumSeqs = 0, MaxNumBatchedTokens = 0, BlockSize = 0, CapacityBlocks = 0,
            StepTime = new StepTimeModel(-1, 0, 0, 0, 0),
        };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        Assert.Collection(errors,
            e => Assert.StartsWith("max-num-seqs:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("max-num-batched-tokens:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("kv-block-size:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("kv-capacity-blocks:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("step-time: base", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Worker_refuses_invalid_options()
    {
        var exception = Assert.Throws<ArgumentException>(() => new EngineWorker(new EngineOptions { MaxNumSeqs = 0 }));

        Assert.Contains("max-num-seqs", exception.Message, StringComparison.Ordinal);
    }
}
