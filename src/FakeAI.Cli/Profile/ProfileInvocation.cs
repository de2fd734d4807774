using FakeAI.Bench;
using FakeAI.Server;

namespace FakeAI.Cli.Profile;

/// <summary>A parsed <c>fakeai profile</c> command line: the engine config plus what only the CLI uses.</summary>
internal sealed record ProfileInvocation(
    ProfileConfig Config,
    bool UseEmbeddedServer,
    LatencySpec? Ttft,
    LatencySpec? Itl,
    string? ArtifactDirectory,
    string? ProfileExportFile,
    string Ui,
    double? MaxErrorRatePercent,
    IReadOnlyList<string> Errors);
