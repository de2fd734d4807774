namespace FakeAI.Bench.Export;

/// <summary>Writes aiperf's artifact set for a run: <c>profile_export_aiperf.json</c>, <c>profile_export_aiperf.csv</c>, the
/// per-request JSONL and <c>inputs.json</c> (and a shard's <c>shard.json</c>). Each file appears complete or not at all.</summary>
public static class ProfileExporter
{
    public const string JsonFileName = "profile_export_aiperf.json";
    public const string CsvFileName = "profile_export_aiperf.csv";
    public const string DefaultRecordsFileName = "profile_export.jsonl";
    public const string InputsFileName = "inputs.json";

    /// <summary>The default artifact directory: <c>artifacts/&lt;model&gt;-openai-&lt;type&gt;-&lt;stimulus&gt;</c>.</summary>
    public static string DefaultDirectory(ProfileConfig config, string root = "artifacts")
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.Combine(root, config.ArtifactDirectoryName());
    }

    public static Task<ProfileArtifacts> WriteAllAsync(ProfileResult result, string artifactDirectory, CancellationToken cancellationToken) =>
        WriteAllAsync(result, artifactDirectory, DefaultRecordsFileName, cancellationToken);

    /// <summary>As above, with the per-request file named by aiperf's <c>--profile-export-file</c> (relative to the directory).</summary>
    public static async Task<ProfileArtifacts> WriteAllAsync(ProfileResult result, string artifactDirectory, string recordsFileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(artifactDirectory);
        ArgumentException.ThrowIfNullOrEmpty(recordsFileName);
        Directory.CreateDirectory(artifactDirectory);
        var artifacts = new ProfileArtifacts(
            artifactDirectory,
            Path.Combine(artifactDirectory, JsonFileName),
            Path.Combine(artifactDirectory, CsvFileName),
            Path.Combine(artifactDirectory, recordsFileName),
            Path.Combine(artifactDirectory, InputsFileName));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(artifacts.RecordsPath))!);
        await AtomicFile.WriteAsync(artifacts.InputsPath, (s, _) => { InputsJsonWriter.Write(s, result); return Task.CompletedTask; }, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(artifacts.RecordsPath, (s, ct) => RecordJsonlWriter.WriteAsync(s, result, ct), cancellationToken).ConfigureAwait(false);
        await WriteSummariesAsync(result, artifactDirectory, recordsFileName, cancellationToken).ConfigureAwait(false);
        if (result.Shard is { } shard)
        {
            await ShardManifest.WriteAsync(Path.Combine(artifactDirectory, ShardManifest.FileName), ShardManifest.From(result, shard, recordsFileName), cancellationToken).ConfigureAwait(false);
        }

        return artifacts;
    }

    /// <summary>Writes the two summary files (JSON, CSV) into <paramref name="artifactDirectory"/>; returns their paths.
    /// <paramref name="recordsFileName"/>, when given, is named in the JSON's <c>input_config</c>.</summary>
    internal static async Task<(string JsonPath, string CsvPath)> WriteSummariesAsync(ProfileResult result, string artifactDirectory, string? recordsFileName, CancellationToken cancellationToken)
    {
        var jsonPath = Path.Combine(artifactDirectory, JsonFileName);
        var csvPath = Path.Combine(artifactDirectory, CsvFileName);
        await AtomicFile.WriteAsync(jsonPath, (s, _) => { JsonSummaryWriter.Write(s, result, recordsFileName is null ? null : artifactDirectory, recordsFileName); return Task.CompletedTask; }, cancellationToken).ConfigureAwait(false);
        var csv = System.Text.Encoding.UTF8.GetBytes(CsvSummaryWriter.Render(result.Metrics));
        await AtomicFile.WriteAsync(csvPath, (s, ct) => s.WriteAsync(csv, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        return (jsonPath, csvPath);
    }
}
