using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeAI.Bench.Export;

/// <summary>
/// <c>shard.json</c>, written next to a shard's exports: which shard of how many, the shared seed and plan fingerprint,
/// the start instant it was given and the window it ran, and the FakeAI version. <see cref="ShardMerger"/> checks a set of
/// these is complete and consistent before it merges the shards' records.
/// </summary>
internal sealed record ShardManifest
{
    public const string FileName = "shard.json";

    public int Index { get; init; }

    public int Count { get; init; }

    public int Seed { get; init; }

    public required string PlanHash { get; init; }

    /// <summary>The shared start instant (<c>--start-at</c>), if one was given.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>When the shard's profiling phase started and ended (wall clock, UTC).</summary>
    public DateTimeOffset StartTime { get; init; }

    public DateTimeOffset EndTime { get; init; }

    public required string Version { get; init; }

    /// <summary>The per-request JSONL's name, relative to the shard's directory.</summary>
    public required string RecordsFile { get; init; }

    /// <summary>The running FakeAI's version (the assembly's informational version).</summary>
    public static string CurrentVersion { get; } =
        typeof(ShardManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static ShardManifest From(ProfileResult result, Sharding.ShardRun shard, string recordsFileName) => new()
    {
        Index = shard.Shard.Index,
        Count = shard.Shard.Count,
        Seed = shard.Seed,
        PlanHash = shard.PlanHash,
        StartAt = shard.StartAt?.ToUniversalTime(),
        StartTime = result.StartTime.ToUniversalTime(),
        EndTime = result.EndTime.ToUniversalTime(),
        Version = CurrentVersion,
        RecordsFile = recordsFileName,
    };

    public static Task WriteAsync(string path, ShardManifest manifest, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => JsonSerializer.SerializeAsync(stream, manifest, ShardManifestJsonContext.Default.ShardManifest, ct), cancellationToken);

    /// <summary>Reads a manifest; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static ShardManifest Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, ShardManifestJsonContext.Default.ShardManifest) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a shard manifest ({e.Message})", e);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ShardManifest))]
internal sealed partial class ShardManifestJsonContext : JsonSerializerContext;
