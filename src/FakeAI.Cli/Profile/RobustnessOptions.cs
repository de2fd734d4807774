using System.CommandLine;
using FakeAI.Bench;

namespace FakeAI.Cli.Profile;

/// <summary>The options of <c>fakeai profile</c> that decide how the client treats a misbehaving server: limits on what
/// it reads, how long it waits out an outage, which TLS certificates it trusts, and rebuilding a
/// killed run's summary. Kept together so the command only adds and applies them.</summary>
internal sealed class RobustnessOptions
{
    public Option<int?> MaxResponseBytes { get; } = new("--max-response-bytes") { Description = "Largest response body read whole (non-streamed answers, error bodies); larger is a per-request error (default 67108864 = 64 MiB)." };
    public Option<int?> MaxSseLineBytes { get; } = new("--max-sse-line-bytes") { Description = "Longest SSE line accepted; longer is a per-request error (default 16777216 = 16 MiB)." };
    public Option<int?> MaxSseEventBytes { get; } = new("--max-sse-event-bytes") { Description = "Largest SSE event (data lines joined) accepted (default 16777216 = 16 MiB)." };

    public Option<double?> ServerOutageTimeout { get; } = new("--server-outage-timeout") { Description = "Seconds the server may refuse connections before the run stops (exit 1); sending pauses meanwhile and resumes when it is back (default 30)." };

    public Option<string> CaFile { get; } = new("--ca-file") { Description = "https: trust only the CA certificate(s) in this PEM file (e.g. for a self-signed server)." };
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "https: accept any server certificate (no verification)." };

    public Option<string> FromRecords { get; } = new("--from-records") { Description = "Send nothing: rebuild the summary exports in this artifact directory from its profile_export.jsonl (e.g. after the run was killed)." };

    public IEnumerable<Option> All => [MaxResponseBytes, MaxSseLineBytes, MaxSseEventBytes, ServerOutageTimeout, CaFile, Insecure, FromRecords];

    /// <summary>The config with these options applied (defaults where not given).</summary>
    public ProfileConfig ApplyTo(ProfileConfig config, ParseResult parse) => config with
    {
        MaxResponseBytes = parse.GetValue(MaxResponseBytes) ?? config.MaxResponseBytes,
        MaxSseLineBytes = parse.GetValue(MaxSseLineBytes) ?? config.MaxSseLineBytes,
        MaxSseEventBytes = parse.GetValue(MaxSseEventBytes) ?? config.MaxSseEventBytes,
        ServerOutageTimeoutSeconds = parse.GetValue(ServerOutageTimeout) ?? config.ServerOutageTimeoutSeconds,
        CaFile = parse.GetValue(CaFile),
        Insecure = parse.GetValue(Insecure),
    };
}
