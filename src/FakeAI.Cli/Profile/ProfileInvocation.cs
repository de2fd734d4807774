using FakeAI.Bench;
using FakeAI.Server;

namespace FakeAI.Cli.Profile;

/// <summary>A parsed <c>fakeai profile</c> command line: the engine config plus what only the CLI uses. <see cref="EmbeddedServer"/>
/// holds the settings of the server to start in-process, null when <c>--url</c> names one.</summary>
internal sealed record ProfileInvocation(
    ProfileConfig Config,
    FakeAIServerOptions? EmbeddedServer,
    string? ArtifactDirectory,
    string? ProfileExportFile,
    string Ui,
    double? MaxErrorRatePercent,
    bool Plots,
    IReadOnlyList<string> Errors)
{
    /// <summary>Lowest level written to <c>logs/aiperf.log</c> in the artifact directory.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>
    /// Whether the client warms itself against a throwaway in-process server before the first measured request (default
    /// true; <c>--no-client-warmup</c>). The measured server never sees the warm-up.
    /// </summary>
    public bool ClientWarmup { get; init; } = true;

    /// <summary>One line per given option that has no meaning here, shown before the run.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
