using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FakeAI.Bench.Datasets;

namespace FakeAI.Bench.Sharding;

/// <summary>
/// A fingerprint of what decides a run's plan: the load options (mode, rate, concurrency, budgets, seed, cancellations,
/// models) and every request body the dataset built (so dataset options and input files count by their effect, not
/// their spelling). Shards whose fingerprints differ did not split the same run and cannot be merged.
/// </summary>
internal static class PlanHash
{
    public static string Compute(ProfileConfig config, Dataset dataset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var duration = config.BenchmarkDurationSeconds;
        var options = string.Join('\n',
            "mode=" + config.ResolveLoadMode(),
            "endpoint=" + config.EndpointType + " " + config.CustomEndpoint + " streaming=" + config.EffectiveStreaming,
            "models=" + string.Join(',', config.Models) + " " + config.ModelSelectionStrategy,
            "rate=" + Invariant(config.RequestRate) + " " + config.RequestRateMode,
            "concurrency=" + Invariant(config.Concurrency),
            "count=" + (duration is null ? Invariant(config.RequestCount) : "") + " duration=" + Invariant(duration),
            "warmup=" + Invariant(config.WarmupRequestCount),
            "cancel=" + Invariant(config.RequestCancellationRate) + " " + Invariant(config.RequestCancellationDelaySeconds),
            "seed=" + Invariant(config.RandomSeed),
            "schedule=" + config.FixedSchedule + " " + config.FixedScheduleAutoOffset + " " + Invariant(config.FixedScheduleStartOffsetMs),
            "sequential=" + dataset.Sequential,
            "conversations=" + Invariant(dataset.Conversations.Count));
        hash.AppendData(Encoding.UTF8.GetBytes(options));
        foreach (var conversation in dataset.Conversations)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("\nconversation " + conversation.SessionId));
            foreach (var turn in conversation.Turns)
            {
                hash.AppendData(Encoding.UTF8.GetBytes("\nturn " + Invariant(turn.DelayMs) + " " + Invariant(turn.TimestampMs) + "\n"));
                foreach (var payload in turn.Payloads)
                {
                    hash.AppendData(payload);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Invariant<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Invariant<T>(T value)
        where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
