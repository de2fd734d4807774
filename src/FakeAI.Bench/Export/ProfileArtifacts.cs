namespace FakeAI.Bench.Export;

/// <summary>Paths of the files a run wrote.</summary>
public sealed record ProfileArtifacts(string Directory, string JsonPath, string CsvPath, string RecordsPath, string InputsPath);
