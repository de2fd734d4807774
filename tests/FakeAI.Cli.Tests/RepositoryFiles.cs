namespace FakeAI.Cli.Tests;

/// <summary>The checkout the tests run from: the first directory above the test binaries that holds FakeAI.slnx.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FakeAI.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FakeAI.slnx not found above " + AppContext.BaseDirectory);
    }
}
