using System.Globalization;
using System.Text;
using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Export;

/// <summary>
/// <c>fakeai profile merge</c>: joins the artifact directories of a run's shards into the exports of the whole run. The set
/// must be complete (every index 0…N−1 exactly once) and consistent (same N, seed, plan fingerprint and version). Every
/// metric is computed anew over the union of the shards' per-request records with the same <see cref="MetricsCalculator"/>
/// as a one-process run, never from the shards' summaries, so percentiles are exact. The run window spans the earliest
/// shard start to the latest shard end.
/// </summary>
public static class ShardMerger
{
    /// <summary>Merges <paramref name="shardDirectories"/> into <paramref name="outputDirectory"/> (null: the run's default
    /// artifact directory, as a one-process run would write): the summary JSON and CSV,
    /// the per-request JSONL (every shard's lines, in start order), its run manifest and the shards' <c>inputs.json</c>.
    /// Throws <see cref="InvalidDataException"/> (one line) for a missing, incomplete or inconsistent set.</summary>
    public static async Task<MergedRun> MergeAsync(IReadOnlyList<string> shardDirectories, string? outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardDirectories);
        var shards = shardDirectories.Select(d => (Directory: d, Manifest: ReadManifest(d))).OrderBy(s => s.Manifest.Index).ToList();
        CheckSet(shards);

        var runManifests = shards.Select(s => ReadRunManifest(Path.Combine(s.Directory, s.Manifest.RecordsFile))).ToList();
        var config = runManifests[0].ToConfig();
        var options = MetricsOptions.From(config);
        var lines = new List<RecordLine>();
        foreach (var (directory, manifest) in shards)
        {
            var read = await RecordsRebuilder.ReadAsync(Path.Combine(directory, manifest.RecordsFile), options, cancellationToken).ConfigureAwait(false);
            lines.AddRange(read.Lines);
        }

        lines.Sort((a, b) => a.Metrics.StartUnixNs.CompareTo(b.Metrics.StartUnixNs));
        var result = new ProfileResult
        {
            Config = config,
            Records = [],
            Metrics = MetricsCalculator.Summarize([.. lines.Select(l => l.Metrics)], options),
            Dataset = new Dataset([], Sequential: false),
            Clock = new RunClock(0, DateTimeOffset.UnixEpoch),
            StartTime = shards.Min(s => s.Manifest.StartTime),
            EndTime = shards.Max(s => s.Manifest.EndTime),
            WasCancelled = runManifests.Any(m => !m.Completed || m.WasCancelled),
            ErrorSummary = RecordsRebuilder.SummarizeErrors(lines),
            MergedShardCount = shards.Count,
        };

        outputDirectory ??= ProfileExporter.DefaultDirectory(config);
        Directory.CreateDirectory(outputDirectory);
        var recordsFileName = ProfileExporter.DefaultRecordsFileName;
        var recordsPath = Path.Combine(outputDirectory, recordsFileName);
        var jsonl = new StringBuilder();
        foreach (var line in lines)
        {
            jsonl.Append(line.Text).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(jsonl.ToString());
        await AtomicFile.WriteAsync(recordsPath, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        await RunManifest.WriteAsync(RunManifest.PathFor(recordsPath), runManifests[0] with { Completed = true, WasCancelled = result.WasCancelled }, cancellationToken).ConfigureAwait(false);

        // Every shard built the whole run's dataset (the plan fingerprints agree), so shard 0's inputs are the run's.
        var inputs = Path.Combine(shards[0].Directory, ProfileExporter.InputsFileName);
        if (File.Exists(inputs))
        {
            File.Copy(inputs, Path.Combine(outputDirectory, ProfileExporter.InputsFileName), overwrite: true);
        }

        var (jsonPath, csvPath) = await ProfileExporter.WriteSummariesAsync(result, outputDirectory, recordsFileName, cancellationToken).ConfigureAwait(false);
        return new MergedRun(result, jsonPath, csvPath, recordsPath);
    }

    private static ShardManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ShardManifest.FileName);
        return File.Exists(path)
            ? ShardManifest.Read(path)
            : throw new InvalidDataException($"{directory} has no {ShardManifest.FileName}: it is not the artifact directory of a `fakeai profile --shard` run");
    }

    private static RunManifest ReadRunManifest(string recordsPath)
    {
        var path = RunManifest.PathFor(recordsPath);
        try
        {
            return File.Exists(recordsPath) && File.Exists(path)
                ? RunManifest.Read(path)
                : throw new InvalidDataException($"{recordsPath} or {path} is missing: a shard's records and run manifest are written by `fakeai profile --shard`");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Complete: each index of 0…N−1 once. Consistent: one N, seed, plan fingerprint and version.</summary>
    private static void CheckSet(List<(string Directory, ShardManifest Manifest)> shards)
    {
        if (shards.Count == 0)
        {
            throw new InvalidDataException("no shard directories given");
        }

        var first = shards[0].Manifest;
        foreach (var (directory, manifest) in shards.Skip(1))
        {
            var differs = manifest.Count != first.Count ? "shard count"
                : manifest.Seed != first.Seed ? "seed"
                : manifest.PlanHash != first.PlanHash ? "plan (options or dataset)"
                : manifest.Version != first.Version ? "FakeAI version"
                : null;
            if (differs is not null)
            {
                throw new InvalidDataException($"{directory} and {shards[0].Directory} are shards of different runs: their {differs} differs");
            }
        }

        var duplicate = shards.GroupBy(s => s.Manifest.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"shard {duplicate.Key.ToString(CultureInfo.InvariantCulture)}/{first.Count.ToString(CultureInfo.InvariantCulture)} is given twice ({string.Join(", ", duplicate.Select(s => s.Directory))})");
        }

        var missing = Enumerable.Range(0, first.Count).Except(shards.Select(s => s.Manifest.Index)).ToList();
        if (missing.Count > 0 || shards.Any(s => s.Manifest.Index < 0 || s.Manifest.Index >= first.Count))
        {
            throw new InvalidDataException($"incomplete set: {shards.Count.ToString(CultureInfo.InvariantCulture)} of {first.Count.ToString(CultureInfo.InvariantCulture)} shards given; missing {string.Join(", ", missing.Select(i => i.ToString(CultureInfo.InvariantCulture) + "/" + first.Count.ToString(CultureInfo.InvariantCulture)))}");
        }
    }
}
