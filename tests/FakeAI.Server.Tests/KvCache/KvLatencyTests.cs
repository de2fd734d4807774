using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;

namespace FakeAI.Server.Tests.KvCache;

public sealed class KvLatencyTests
{
    [Theory]
    [InlineData(100.0, 0.0, 1000, 0, 0.8, 100.0)] // miss: unchanged
    [InlineData(100.0, 0.0, 1000, 500, 0.8, 60.0)] // half cached: 100 × (1 − 0.8 × 0.5)
    [InlineData(100.0, 0.0, 1000, 1000, 0.8, 20.0)] // all cached
    [InlineData(100.0, 0.1, 1000, 0, 0.8, 200.0)] // prefill 0.1 ms/token for 1000 tokens
    [InlineData(100.0, 0.1, 1000, 600, 0.8, 92.0)] // 100 × 0.52 + 0.1 × 400
    [InlineData(100.0, 0.1, 1000, 600, 0.0, 140.0)] // no speedup: only prefill savings
    [InlineData(50.0, 0.1, 0, 0, 0.8, 50.0)] // empty prompt
    public void Only_uncached_tokens_pay_prefill_and_ttft_shrinks_with_the_cached_fraction(
        double sampled, double perToken, int prompt, int cached, double speedup, double expected)
    {
        Assert.Equal(expected, KvLatency.AdjustTtftMs(sampled, perToken, prompt, cached, speedup), 9);
    }

    [Fact]
    public void Cached_tokens_beyond_the_prompt_are_clamped()
    {
        Assert.Equal(20.0, KvLatency.AdjustTtftMs(100, 0.1, 100, 500, 0.8), 9);
        Assert.Equal(110.0, KvLatency.AdjustTtftMs(100, 0.1, 100, -5, 0.8), 9);
    }

    [Fact]
    public void Latency_plan_scales_only_the_sampled_ttft()
    {
        var scale = KvLatency.TtftScale(promptTokens: 1000, cachedTokens: 750, hitSpeedup: 0.8);
        var plan = new LatencyPlan(1_000, 10.0, LatencySpec.Exact(100), prefillMs: 25, LatencySpec.Exact(5), 1, scale);

        Assert.Equal(0.4, scale, 12);
        Assert.Equal(1_000 + ((100 * 0.4) + 25) * 10, plan.NextDue());
        Assert.Equal(1_000 + ((100 * 0.4) + 25 + 5) * 10, plan.NextDue());
    }
}
