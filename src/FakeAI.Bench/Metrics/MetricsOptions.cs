namespace FakeAI.Bench.Metrics;

/// <summary>What the metric computation needs to know about the run.</summary>
public sealed record MetricsOptions(bool Streaming, bool ProducesTokens, bool OpenLoop, IReadOnlyList<GoodputTarget> Goodput, bool UseServerTokenCount)
{
    public static MetricsOptions From(ProfileConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(config.EffectiveStreaming, EndpointTypes.ProducesTokens(config.EndpointType), config.ResolveLoadMode() != LoadMode.Concurrency, config.Goodput, config.UseServerTokenCount);
    }
}
