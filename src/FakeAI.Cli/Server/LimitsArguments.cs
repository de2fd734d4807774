using FakeAI.Server;

namespace FakeAI.Cli.Server;

/// <summary>The limit flags of <c>fakeai server</c> (<c>--rpm</c>, <c>--tpm</c>, …); null means "not given".</summary>
internal sealed record LimitsArguments
{
    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    public int? MaxConcurrency { get; init; }

    public int? MaxQueue { get; init; }

    public double? QueueTimeoutSeconds { get; init; }

    public double? StartupDelaySeconds { get; init; }

    /// <summary>Copies the given values onto <paramref name="options"/>; ranges are checked by <see cref="FakeAIServerOptions.Validate"/>.</summary>
    public void ApplyTo(FakeAIServerOptions options, List<string> errors)
    {
        var limits = options.Limits;
        limits.RequestsPerMinute = RequestsPerMinute ?? limits.RequestsPerMinute;
        limits.TokensPerMinute = TokensPerMinute ?? limits.TokensPerMinute;
        limits.MaxConcurrency = MaxConcurrency ?? limits.MaxConcurrency;
        limits.MaxQueue = MaxQueue ?? limits.MaxQueue;
        LimitsSettings.SetSeconds(QueueTimeoutSeconds, "--queue-timeout", v => limits.QueueTimeout = v, errors);
        LimitsSettings.SetSeconds(StartupDelaySeconds, "--startup-delay", v => limits.StartupDelay = v, errors);
    }
}
