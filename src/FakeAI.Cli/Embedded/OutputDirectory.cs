namespace FakeAI.Cli.Embedded;

/// <summary>Checks up front that an output directory can be created and written, so a long run does not fail at the end.</summary>
internal static class OutputDirectory
{
    public static void EnsureWritable(string directory, string optionName)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".fakeai-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{optionName} '{directory}' is not writable: {e.Message}", e);
        }
    }
}
