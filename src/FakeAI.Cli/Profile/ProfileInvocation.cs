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
    IReadOnlyList<string> Errors);
