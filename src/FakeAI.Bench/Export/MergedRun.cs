namespace FakeAI.Bench.Export;

/// <summary>What <see cref="ShardMerger"/> wrote: the whole run's summary and the paths of its exports.</summary>
public sealed record MergedRun(ProfileResult Result, string JsonPath, string CsvPath, string RecordsPath);
