using System.CommandLine;
using System.Globalization;
using FakeAI.Bench.Sharding;

namespace FakeAI.Cli.Profile;

/// <summary>The options of <c>fakeai profile</c> that make one process a load worker of a run split over several
/// (<c>--shard i/N</c>, <c>--start-at</c>); <c>fakeai profile merge</c> joins their results.</summary>
internal sealed class ShardOptions
{
    public Option<string> Shard { get; } = new("--shard") { Description = "i/N: send shard i's part of the run split over N processes (same options and --random-seed in each); writes shard.json for `fakeai profile merge`." };

    public Option<string> StartAt { get; } = new("--start-at") { Description = "UTC instant (ISO-8601, e.g. 2026-12-02T18:00:00Z) at which profiling starts; a process ready more than 1 s after it exits with code 4." };

    public IEnumerable<Option> All => [Shard, StartAt];

    /// <summary>The shard and start instant given, adding one line per malformed value to <paramref name="errors"/>.</summary>
    public (ShardSpec? Shard, DateTimeOffset? StartAt) Read(ParseResult parse, List<string> errors)
    {
        ShardSpec? shard = null;
        if (parse.GetValue(Shard) is { } shardText)
        {
            if (ShardSpec.TryParse(shardText, out var parsed, out var error))
            {
                shard = parsed;
            }
            else
            {
                errors.Add(error);
            }
        }

        DateTimeOffset? startAt = null;
        if (parse.GetValue(StartAt) is { } startText)
        {
            // An instant, not a wall-clock reading: without an offset or Z it would mean each machine's own time zone.
            if (startText.Contains('T', StringComparison.Ordinal)
                && (startText.EndsWith('Z') || startText.LastIndexOfAny(['+', '-']) > startText.IndexOf('T', StringComparison.Ordinal))
                && DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                startAt = instant.ToUniversalTime();
            }
            else
            {
                errors.Add($"--start-at '{startText}' is not an ISO-8601 instant with a UTC offset (e.g. 2026-12-02T18:00:00Z)");
            }
        }

        return (shard, startAt);
    }
}
