namespace FakeAI.Bench.Export;

/// <summary>The summary recomputed by <see cref="RecordsRebuilder"/>, where it was written, and how many trailing lines (cut
/// off when the run was killed) were skipped.</summary>
public sealed record RebuiltRun(ProfileResult Result, string JsonPath, string CsvPath, int SkippedLines);
