using FakeAI.Reports.Runs;

namespace FakeAI.Reports.Tests.Runs;

public sealed class RunFolderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 30, 5, TimeSpan.Zero);

    [Fact]
    public void Each_run_gets_its_own_timestamped_folder_even_within_one_second()
    {
        using var temp = new TempDirectory();

        var first = RunFolder.Create(temp.Path, "suite", Noon);
        var second = RunFolder.Create(temp.Path, "suite", Noon);
        var later = RunFolder.Create(temp.Path, "suite", Noon.AddHours(1).ToOffset(TimeSpan.FromHours(2)));

        Assert.Equal("suite-20261202-123005", Path.GetFileName(first));
        Assert.Equal("suite-20261202-123005-2", Path.GetFileName(second));
        Assert.Equal("suite-20261202-133005", Path.GetFileName(later)); // UTC whatever the offset
        Assert.All([first, second, later], d => Assert.True(Directory.Exists(d)));
    }

    [Fact]
    public void Latest_points_at_the_last_marked_run_and_moves_with_the_next()
    {
        using var temp = new TempDirectory();
        var first = RunFolder.Create(temp.Path, "bench", Noon);
        File.WriteAllText(Path.Combine(first, "result.json"), "first");
        var second = RunFolder.Create(temp.Path, "bench", Noon.AddMinutes(1));
        File.WriteAllText(Path.Combine(second, "result.json"), "second");

        var latest = RunFolder.MarkLatest(first, "bench");
        Assert.Equal("first", File.ReadAllText(Path.Combine(Resolve(latest!), "result.json")));

        latest = RunFolder.MarkLatest(second, "bench");
        Assert.Equal("second", File.ReadAllText(Path.Combine(Resolve(latest!), "result.json")));

        // Both runs are still there to compare.
        Assert.Equal("first", File.ReadAllText(Path.Combine(first, "result.json")));
    }

    [Fact]
    public void A_real_folder_named_latest_is_left_alone()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("suite-latest"));
        var run = RunFolder.Create(temp.Path, "suite", Noon);

        Assert.Null(RunFolder.MarkLatest(run, "suite"));
        Assert.Null(new DirectoryInfo(temp.File("suite-latest")).LinkTarget);
    }

    /// <summary>The run folder a latest link (or, where links are not allowed, a pointer file) names.</summary>
    private static string Resolve(string latest) =>
        latest.EndsWith(".txt", StringComparison.Ordinal)
            ? Path.Combine(Path.GetDirectoryName(latest)!, File.ReadAllText(latest).Trim())
            : latest;
}
