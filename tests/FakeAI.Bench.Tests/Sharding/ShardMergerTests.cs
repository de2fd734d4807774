using FakeAI.Bench.Export;

namespace FakeAI.Bench.Tests.Sharding;

/// <summary><see cref="ShardMerger"/> refuses a set of shard directories that is not one whole run, naming why in one line.</summary>
public sealed class ShardMergerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fakeai-merge-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("count", "their shard count differs")]
    [InlineData("seed", "their seed differs")]
    [InlineData("plan", "their plan (options or dataset) differs")]
    [InlineData("version", "their FakeAI version differs")]
    [InlineData("duplicate", "shard 0/2 is given twice")]
    public async Task An_inconsistent_set_is_refused(string change, string expected)
    {
        var first = await ShardAsync("a", Manifest(0));
        var second = await ShardAsync("b", change switch
        {
            "count" => Manifest(1) with { Count = 3 },
            "seed" => Manifest(1) with { Seed = 8 },
            "plan" => Manifest(1) with { PlanHash = "other" },
            "version" => Manifest(1) with { Version = "0.9" },
            _ => Manifest(0),
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ShardMerger.MergeAsync([first, second], Path.Combine(_root, "out"), CancellationToken.None));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public async Task A_directory_without_a_shard_manifest_is_named()
    {
        var plain = Path.Combine(_root, "plain");
        Directory.CreateDirectory(plain);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ShardMerger.MergeAsync([plain], null, CancellationToken.None));
        Assert.StartsWith(plain + " has no shard.json", error.Message, StringComparison.Ordinal);
    }

    private static ShardManifest Manifest(int index) => new()
    {
        Index = index,
        Count = 2,
        Seed = 7,
        PlanHash = "abc",
        Version = "1.0",
        RecordsFile = ProfileExporter.DefaultRecordsFileName,
    };

    private async Task<string> ShardAsync(string name, ShardManifest manifest)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        await ShardManifest.WriteAsync(Path.Combine(directory, ShardManifest.FileName), manifest, CancellationToken.None);
        return directory;
    }
}
