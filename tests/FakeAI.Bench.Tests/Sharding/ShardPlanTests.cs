using FakeAI.Bench.Datasets;
using FakeAI.Bench.Load;
using FakeAI.Bench.Records;
using FakeAI.Bench.Sharding;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Sharding;

/// <summary>
/// The partition property: for every load mode and N = 1…7, the shards' plans together are exactly the one-process plan —
/// the same credits (each once), the same conversations and prompts, cancellations and models, the same arrival times —
/// and the shards' concurrency limits add up to the run's.
/// </summary>
public sealed class ShardPlanTests
{
    /// <summary>Credits looked at in a phase bounded by a duration (its plan has no end).</summary>
    private const int Prefix = 60;

    private static readonly (int Arrivals, int Credits) Seeds = (11, 12);

    public static TheoryData<string> Modes => ["concurrency+count", "concurrency+duration", "burst+count", "poisson+count", "constant+duration", "poisson+duration", "trace"];

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_union_of_the_shard_plans_is_the_one_process_plan(string mode)
    {
        var (config, dataset) = Scenario(mode);
        var loadMode = config.ResolveLoadMode();
        var whole = Plan(config, dataset, loadMode);
        Assert.NotEmpty(whole.Credits);
        for (var n = 1; n <= 7; n++)
        {
            var shards = Enumerable.Range(0, n).Select(i => Plan(config with { Shard = new ShardSpec(i, n) }, dataset, loadMode)).ToList();
            var union = shards.SelectMany(s => s.Credits).OrderBy(c => c.Credit.Number).ToList();
            Assert.Equal(whole.Credits.Count, union.Count);
            for (var k = 0; k < union.Count; k++)
            {
                var (expected, actual) = (whole.Credits[k], union[k]);
                Assert.Equal(expected.Credit.Number, actual.Credit.Number);
                Assert.Equal(expected.Credit.ConversationIndex, actual.Credit.ConversationIndex);
                Assert.Equal(expected.Credit.Cancel, actual.Credit.Cancel);
                Assert.Equal(expected.Credit.ModelIndexes, actual.Credit.ModelIndexes);
                Assert.Equal(expected.Prompts, actual.Prompts);
                Assert.Equal(expected.OffsetSeconds, actual.OffsetSeconds);
            }

            Assert.Equal(whole.ConcurrencyLimit ?? 0, shards.Sum(s => s.ConcurrencyLimit ?? 0));
            if (whole.Count is { } count)
            {
                Assert.Equal(count, shards.Sum(s => s.Count));
            }
        }
    }

    [Fact]
    public void Open_loop_shards_keep_the_credits_of_their_stripe_and_closed_loop_ones_a_k6_block()
    {
        var (rate, dataset) = Scenario("poisson+count");
        var stripe = Plan(rate with { Shard = new ShardSpec(1, 3) }, dataset, LoadMode.RequestRate);
        Assert.All(stripe.Credits, c => Assert.Equal(1, c.Credit.Number % 3));

        var (closed, _) = Scenario("concurrency+count");
        var block = Plan(closed with { Shard = new ShardSpec(1, 3) }, dataset, LoadMode.Concurrency);

        // 23 requests over 3 shards, k6's way: round(23/3) = 8, round(46/3) = 15, so shard 1 sends credits 8…14.
        Assert.Equal(Enumerable.Range(8, 7), block.Credits.Select(c => c.Credit.Number));
    }

    [Theory]
    [InlineData(7, 3, new[] { 2, 3, 2 })]
    [InlineData(10, 4, new[] { 3, 2, 3, 2 })]
    [InlineData(1, 1, new[] { 1 })]
    public void Budgets_split_as_k6_splits_them(int total, int shards, int[] expected)
    {
        var shares = Enumerable.Range(0, shards).Select(i => new ShardSpec(i, shards).Share(total)).ToArray();
        Assert.Equal(expected, shares);
        Assert.Equal(total, shares.Sum());
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("-1/2")]
    [InlineData("0/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void A_malformed_or_out_of_range_shard_is_refused_in_one_line(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out var error));
        Assert.StartsWith("--shard '" + text + "'", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_shard_needs_a_seed_and_a_connection_and_a_request_of_its_own()
    {
        var config = new ProfileConfig { Models = ["m"], Concurrency = 2, RequestCount = 10, Shard = new ShardSpec(0, 3) };
        var errors = config.Validate();
        Assert.Contains(errors, e => e.Contains("random seed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("concurrency 2", StringComparison.Ordinal));
        Assert.Empty((config with { RandomSeed = 1, Concurrency = 3 }).Validate());
        Assert.Contains((config with { RandomSeed = 1, Concurrency = 3, RequestCount = 2 }).Validate(), e => e.Contains("request count", StringComparison.Ordinal));
    }

    private static (ProfileConfig Config, Dataset Dataset) Scenario(string mode)
    {
        var config = new ProfileConfig
        {
            Models = ["a", "b", "c"],
            ModelSelectionStrategy = mode.Contains("duration", StringComparison.Ordinal) ? ModelSelectionStrategy.Random : ModelSelectionStrategy.RoundRobin,
            RandomSeed = 5,
            InputTokensMean = 6,
            ConversationNum = 9,
            ConversationTurnMean = 2,
            ConversationTurnStddev = 1,
            RequestCancellationRate = 20,
            RequestCount = 23,
        };
        config = mode switch
        {
            "concurrency+count" => config with { Concurrency = 7 },
            "concurrency+duration" => config with { Concurrency = 9, BenchmarkDurationSeconds = 10 },
            "burst+count" => config with { Concurrency = 8, RequestRate = 100, RequestRateMode = RequestRateMode.ConcurrencyBurst },
            "poisson+count" => config with { RequestRate = 50, Concurrency = 12 },
            "constant+duration" => config with { RequestRate = 50, RequestRateMode = RequestRateMode.Constant, BenchmarkDurationSeconds = 10 },
            "poisson+duration" => config with { RequestRate = 50, BenchmarkDurationSeconds = 10 },
            "trace" => config with { FixedSchedule = true },
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        var dataset = DatasetBuilder.Build(config, TokenizerService.Get(config.Tokenizer));
        if (mode == "trace")
        {
            // A trace replays its conversations in order at their own timestamps.
            dataset = new Dataset([.. dataset.Conversations.Select((c, i) => c with { Turns = [c.Turns[0] with { TimestampMs = 1000 + (37 * i) }] })], Sequential: true);
        }

        return (config, dataset);
    }

    private static ShardPlan Plan(ProfileConfig config, Dataset dataset, LoadMode mode)
    {
        var settings = ProfileRunner.Settings(config, dataset, mode, BenchmarkPhase.Profiling, Seeds, gate: null);
        var credits = new List<PlannedEntry>();
        while ((settings.Duration is null || credits.Count < Prefix) && settings.Plan.TryNext(out var credit))
        {
            if (settings.Duration is not null && credit.Number >= Prefix)
            {
                break;
            }

            var prompts = dataset.Conversations[credit.ConversationIndex].Turns.SelectMany(t => t.Texts).ToArray();
            credits.Add(new PlannedEntry(credit, prompts, settings.Schedule?.OffsetSeconds(credit.Number)));
        }

        return new ShardPlan(credits, settings.ConcurrencyLimit, settings.Plan.Count);
    }

    private sealed record PlannedEntry(PlannedCredit Credit, IReadOnlyList<string> Prompts, double? OffsetSeconds);

    private sealed record ShardPlan(IReadOnlyList<PlannedEntry> Credits, int? ConcurrencyLimit, int? Count);
}
