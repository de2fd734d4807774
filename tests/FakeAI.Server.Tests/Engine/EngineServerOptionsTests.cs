namespace FakeAI.Server.Tests.Engine;

/// <summary>The batching engine's settings on <see cref="FakeAIServerOptions"/>: every problem at once, each named once.</summary>
public sealed class EngineServerOptionsTests
{
    private static FakeAIServerOptions Batching(Action<FakeAIServerOptions>? configure = null)
    {
        var options = new FakeAIServerOptions { Engine = EngineMode.Batching, Ttft = LatencySpec.Exact(100), Itl = LatencySpec.Exact(10) };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public void Defaults_are_valid_and_map_onto_the_engine()
    {
        var options = Batching();

        Assert.Empty(options.Validate());
        var engine = options.ToEngineOptions();
        Assert.Equal((256, 8192, 16, 16_384), (engine.MaxNumSeqs, engine.MaxNumBatchedTokens, engine.BlockSize, engine.CapacityBlocks));
        Assert.Equal(100, engine.StepTime.LonePrefillMs(1024, 8192), 6);
        Assert.Equal(10, engine.StepTime.LoneDecodeMs(1024), 6);
    }

    [Fact]
    public void The_delay_line_ignores_the_engine_settings()
    {
        Assert.Empty(new FakeAIServerOptions { MaxNumSeqs = 0, MaxNumBatchedTokens = 0, Ttft = LatencySpec.Zero }.Validate());
    }

    [Fact]
    public void A_kv_capacity_that_cannot_hold_one_request_is_one_message_naming_the_setting()
    {
        var errors = Batching(o => o.KvCache.CapacityBlocks = 4_000).Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("kv-capacity-blocks: 4000 blocks per worker cannot hold one request of the 131072-token context window (8192 blocks of 16 tokens)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Batching(o =>
        {
            o.MaxNumSeqs = 0;
            o.PrefillPerTokenMs = 0.5;
            o.KvCache.Workers = 0;
            o.Ttft = LatencySpec.Zero;
        }).Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("max-num-seqs: must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("prefill-per-token: not used by --engine batching", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("kv workers must be between 1 and 64", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ttft: must be a positive number of ms for the batching engine", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ttft_too_short_for_the_reference_prompt_names_the_ttft()
    {
        var error = Assert.Single(Batching(o => o.Ttft = LatencySpec.Exact(5)).Validate());

        Assert.StartsWith("ttft: 5 ms is shorter than reading the weights", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_with_impossible_settings_throws_with_the_message()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => FakeAIServer.StartAsync(Batching(o => o.MaxNumBatchedTokens = 100)));

        Assert.Contains("max-num-batched-tokens: 100 is smaller than one decode batch of max-num-seqs (256 tokens)", e.Message, StringComparison.Ordinal);
    }
}
