using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeAI.Bench.Export;

/// <summary>
/// What a run was, written next to its per-request JSONL (<c>profile_export.run.json</c>) when the run starts and again
/// when it ends: the settings the summary exports depend on (metric options and <c>input_config</c>), so
/// <see cref="RecordsRebuilder"/> can recompute them from the JSONL after the process was killed.
/// </summary>
internal sealed record RunManifest
{
    public const string Suffix = ".run.json";

    public required IReadOnlyList<string> Models { get; init; }

    public required string Url { get; init; }

    public EndpointType EndpointType { get; init; }

    public string? CustomEndpoint { get; init; }

    public bool Streaming { get; init; }

    public int? Concurrency { get; init; }

    public double? RequestRate { get; init; }

    public RequestRateMode RequestRateMode { get; init; }

    public bool FixedSchedule { get; init; }

    public int RequestCount { get; init; }

    public int WarmupRequestCount { get; init; }

    public double? BenchmarkDurationSeconds { get; init; }

    public double BenchmarkGracePeriodSeconds { get; init; }

    public double RequestCancellationRate { get; init; }

    public double RequestCancellationDelaySeconds { get; init; }

    public IReadOnlyList<GoodputTarget> Goodput { get; init; } = [];

    public bool UseServerTokenCount { get; init; }

    public string? CliCommand { get; init; }

    /// <summary>False while the run is going (or when it was killed).</summary>
    public bool Completed { get; init; }

    public bool WasCancelled { get; init; }

    /// <summary>The manifest's path for a records file: <c>profile_export.jsonl</c> → <c>profile_export.run.json</c>.</summary>
    public static string PathFor(string recordsPath) => Path.ChangeExtension(recordsPath, null) + Suffix;

    public static RunManifest From(ProfileConfig config, bool completed, bool wasCancelled) => new()
    {
        Models = config.Models,
        Url = config.Url,
        EndpointType = config.EndpointType,
        CustomEndpoint = config.CustomEndpoint,
        Streaming = config.Streaming,
        Concurrency = config.Concurrency,
        RequestRate = config.RequestRate,
        RequestRateMode = config.RequestRateMode,
        FixedSchedule = config.FixedSchedule,
        RequestCount = config.RequestCount,
        WarmupRequestCount = config.WarmupRequestCount,
        BenchmarkDurationSeconds = config.BenchmarkDurationSeconds,
        BenchmarkGracePeriodSeconds = config.BenchmarkGracePeriodSeconds,
        RequestCancellationRate = config.RequestCancellationRate,
        RequestCancellationDelaySeconds = config.RequestCancellationDelaySeconds,
        Goodput = config.Goodput,
        UseServerTokenCount = config.UseServerTokenCount,
        CliCommand = config.CliCommand,
        Completed = completed,
        WasCancelled = wasCancelled,
    };

    public ProfileConfig ToConfig() => new()
    {
        Models = Models,
        Url = Url,
        EndpointType = EndpointType,
        CustomEndpoint = CustomEndpoint,
        Streaming = Streaming,
        Concurrency = Concurrency,
        RequestRate = RequestRate,
        RequestRateMode = RequestRateMode,
        FixedSchedule = FixedSchedule,
        RequestCount = RequestCount,
        WarmupRequestCount = WarmupRequestCount,
        BenchmarkDurationSeconds = BenchmarkDurationSeconds,
        BenchmarkGracePeriodSeconds = BenchmarkGracePeriodSeconds,
        RequestCancellationRate = RequestCancellationRate,
        RequestCancellationDelaySeconds = RequestCancellationDelaySeconds,
        Goodput = Goodput,
        UseServerTokenCount = UseServerTokenCount,
        CliCommand = CliCommand,
    };

    public static Task WriteAsync(string path, RunManifest manifest, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => JsonSerializer.SerializeAsync(stream, manifest, RunManifestJsonContext.Default.RunManifest, ct), cancellationToken);

    public static RunManifest Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, RunManifestJsonContext.Default.RunManifest)
            ?? throw new InvalidDataException($"{path} is empty");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(RunManifest))]
internal sealed partial class RunManifestJsonContext : JsonSerializerContext;
