namespace FakeAI.Bench.Sharding;

/// <summary>What a sharded run records about its place in the whole run: which shard, the shared seed, the plan's
/// fingerprint (<see cref="PlanHash"/>) and the shared start instant it was given, if any.</summary>
public sealed record ShardRun(ShardSpec Shard, int Seed, string PlanHash, DateTimeOffset? StartAt);
