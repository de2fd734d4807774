using FakeAI.Bench.Records;

namespace FakeAI.Bench.Metrics;

/// <summary>
/// Turns profiling records into aiperf's metrics (aiperf.md §2): only content- or reasoning-bearing responses count, the
/// benchmark window runs from the first valid request's start to its last content response, and every distribution is
/// computed exactly over the per-request values.
/// </summary>
public static class MetricsCalculator
{
    public static MetricsSummary Compute(IReadOnlyList<RequestRecord> records, MetricsOptions options, RunClock clock, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(countTokens);
        var perRecord = new RecordMetrics[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            perRecord[i] = ComputeRecord(records[i], options, clock, countTokens);
        }

        return new MetricsSummary(Summarize(perRecord, options), perRecord);
    }

    public static RecordMetrics ComputeRecord(RequestRecord record, MetricsOptions options, RunClock clock, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(countTokens);
        var lag = RunClock.ToNanoseconds(record.StartTimestamp - record.IntendedStartTimestamp);
        var startUnixNs = clock.ToUnixNanoseconds(record.StartTimestamp);
        var serverIsl = options.UseServerTokenCount ? record.UsagePromptTokens : null;
        if (!record.IsValid)
        {
            return new RecordMetrics
            {
                IsValid = false,
                ScheduleLag = lag,
                StartUnixNs = startUnixNs,
                ErrorInputSequenceLength = serverIsl ?? record.InputTokens,
            };
        }

        var responses = record.ResponseTimestamps;
        var latency = RunClock.ToNanoseconds(responses[^1] - record.StartTimestamp);
        double? ttft = null, ttst = null, itl = null, perUser = null;
        double[]? chunkGaps = null;
        if (options.Streaming)
        {
            ttft = RunClock.ToNanoseconds(responses[0] - record.StartTimestamp);
            if (responses.Length >= 2)
            {
                ttst = RunClock.ToNanoseconds(responses[1] - responses[0]);
                chunkGaps = new double[responses.Length - 1];
                for (var i = 1; i < responses.Length; i++)
                {
                    chunkGaps[i - 1] = RunClock.ToNanoseconds(responses[i] - responses[i - 1]);
                }
            }
        }

        // Input tokens are the cost of every endpoint, embeddings and rankings included, so ISL is always reported.
        int? outputTokens = null, reasoningTokens = null, osl = null, isl = serverIsl ?? record.InputTokens;
        if (options.ProducesTokens)
        {
            // As in aiperf, a count exists only for text that was seen: no reasoning text, no reasoning_token_count.
            if (options.UseServerTokenCount && record.UsageCompletionTokens is { } completion)
            {
                reasoningTokens = record.ReasoningText.Length > 0 || record.UsageReasoningTokens > 0 ? record.UsageReasoningTokens ?? 0 : null;
                outputTokens = completion - (reasoningTokens ?? 0);
                osl = completion;
            }
            else
            {
                outputTokens = record.ContentText.Length == 0 ? null : countTokens(record.ContentText);
                reasoningTokens = record.ReasoningText.Length == 0 ? null : countTokens(record.ReasoningText);
                osl = (outputTokens ?? 0) + (reasoningTokens ?? 0);
            }

            if (ttft is { } first && osl >= 2)
            {
                itl = (latency - first) / (osl.Value - 1);

                // aiperf treats a zero dependency as missing, so an ITL of 0 yields no per-user throughput.
                if (itl > 0)
                {
                    perUser = 1e9 / itl;
                }
            }
        }

        var metrics = new RecordMetrics
        {
            IsValid = true,
            TimeToFirstToken = ttft,
            TimeToSecondToken = ttst,
            RequestLatency = latency,
            InterTokenLatency = itl,
            OutputTokenThroughputPerUser = perUser,
            InterChunkLatencies = chunkGaps,
            OutputTokenCount = outputTokens,
            ReasoningTokenCount = reasoningTokens,
            OutputSequenceLength = osl,
            InputSequenceLength = isl,
            ScheduleLag = lag,
            TimeToFirstTokenFromIntended = options.OpenLoop && ttft is not null ? RunClock.ToNanoseconds(responses[0] - record.IntendedStartTimestamp) : null,
            RequestLatencyFromIntended = options.OpenLoop ? RunClock.ToNanoseconds(responses[^1] - record.IntendedStartTimestamp) : null,
            PromptCacheHitRatio = options.ProducesTokens ? CacheHitRatio(record) : null,
            StartUnixNs = startUnixNs,
        };
        return metrics with { IsGood = options.Goodput.Count > 0 && MeetsAll(metrics, options.Goodput) };
    }

    /// <summary>Both counts come from the same <c>usage</c> object so the ratio is the server's own view, independent of the
    /// client tokenizer; a server that reports no <c>cached_tokens</c> gets no value rather than a made-up 0.</summary>
    private static double? CacheHitRatio(RequestRecord record) =>
        record is { UsageCachedTokens: { } cached, UsagePromptTokens: { } prompt and > 0 }
            ? (double)cached / prompt
            : null;

    private static bool MeetsAll(RecordMetrics metrics, IReadOnlyList<GoodputTarget> targets)
    {
        foreach (var target in targets)
        {
            var definition = MetricCatalog.Find(target.Tag);
            if (definition is null || metrics.Value(target.Tag) is not { } value)
            {
                return false;
            }

            var display = value * definition.DisplayFactor;
            var good = definition.Has(MetricTraits.LargerIsBetter) ? display >= target.Threshold : display <= target.Threshold;
            if (!good)
            {
                return false;
            }
        }

        return true;
    }

    private static List<MetricResult> Summarize(RecordMetrics[] records, MetricsOptions options)
    {
        var valid = records.Where(r => r.IsValid).ToArray();
        var errors = records.Length - valid.Length;
        var values = new Dictionary<string, MetricResult>(StringComparer.Ordinal);

        void AddDistribution(MetricDefinition definition, IEnumerable<double> source)
        {
            var array = source.ToArray();
            if (array.Length > 0)
            {
                var stats = Statistics.Summarize(array).Scale(definition.DisplayFactor);
                values[definition.Tag] = new MetricResult(definition, stats.Avg, stats);
            }
        }

        void AddScalar(MetricDefinition definition, double value) => values[definition.Tag] = new MetricResult(definition, value * definition.DisplayFactor, null);

        static IEnumerable<double> Of(IEnumerable<RecordMetrics> source, Func<RecordMetrics, double?> selector) =>
            source.Select(selector).Where(v => v is not null).Select(v => v!.Value);

        AddScalar(MetricCatalog.RequestCount, valid.Length);
        AddDistribution(MetricCatalog.RequestLatency, Of(valid, r => r.RequestLatency));
        if (options.Streaming && options.ProducesTokens)
        {
            AddDistribution(MetricCatalog.TimeToFirstToken, Of(valid, r => r.TimeToFirstToken));
            AddDistribution(MetricCatalog.TimeToSecondToken, Of(valid, r => r.TimeToSecondToken));
            AddDistribution(MetricCatalog.InterTokenLatency, Of(valid, r => r.InterTokenLatency));
            AddDistribution(MetricCatalog.OutputTokenThroughputPerUser, Of(valid, r => r.OutputTokenThroughputPerUser));
            AddDistribution(MetricCatalog.InterChunkLatency, valid.SelectMany(r => r.InterChunkLatencies ?? []));
        }

        long totalOsl = 0;
        if (options.ProducesTokens)
        {
            AddDistribution(MetricCatalog.OutputSequenceLength, Of(valid, r => r.OutputSequenceLength));
            AddDistribution(MetricCatalog.OutputTokenCount, Of(valid, r => r.OutputTokenCount));
            AddDistribution(MetricCatalog.ReasoningTokenCount, Of(valid, r => r.ReasoningTokenCount));
            totalOsl = valid.Sum(r => (long)(r.OutputSequenceLength ?? 0));
            if (valid.Length > 0)
            {
                if (values.ContainsKey(MetricCatalog.OutputTokenCount.Tag))
                {
                    AddScalar(MetricCatalog.TotalOutputTokens, valid.Sum(r => (long)(r.OutputTokenCount ?? 0)));
                }

                if (values.ContainsKey(MetricCatalog.ReasoningTokenCount.Tag))
                {
                    AddScalar(MetricCatalog.TotalReasoningTokens, valid.Sum(r => (long)(r.ReasoningTokenCount ?? 0)));
                }

                AddScalar(MetricCatalog.TotalOsl, totalOsl);
            }
        }

        AddDistribution(MetricCatalog.InputSequenceLength, Of(valid, r => r.InputSequenceLength));
        if (valid.Length > 0)
        {
            AddScalar(MetricCatalog.TotalIsl, valid.Sum(r => (long)(r.InputSequenceLength ?? 0)));
            var minStart = valid.Min(r => r.StartUnixNs);
            var maxEnd = valid.Max(r => r.StartUnixNs + (long)r.RequestLatency!.Value);
            AddScalar(MetricCatalog.MinRequestTimestamp, minStart);
            AddScalar(MetricCatalog.MaxResponseTimestamp, maxEnd);
            var durationNs = (double)(maxEnd - minStart);
            AddScalar(MetricCatalog.BenchmarkDuration, durationNs);
            if (durationNs > 0)
            {
                var seconds = durationNs / 1e9;
                AddScalar(MetricCatalog.RequestThroughput, valid.Length / seconds);
                if (options.ProducesTokens)
                {
                    AddScalar(MetricCatalog.OutputTokenThroughput, totalOsl / seconds);
                }

                if (options.Goodput.Count > 0)
                {
                    AddScalar(MetricCatalog.Goodput, valid.Count(r => r.IsGood) / seconds);
                }
            }
        }

        if (options.Goodput.Count > 0)
        {
            AddScalar(MetricCatalog.GoodRequestCount, valid.Count(r => r.IsGood));
        }

        if (errors > 0)
        {
            AddScalar(MetricCatalog.ErrorRequestCount, errors);
            var failed = records.Where(r => !r.IsValid).ToArray();
            AddDistribution(MetricCatalog.ErrorIsl, Of(failed, r => r.ErrorInputSequenceLength));
            AddScalar(MetricCatalog.TotalErrorIsl, failed.Sum(r => (long)(r.ErrorInputSequenceLength ?? 0)));
        }

        AddDistribution(MetricCatalog.ScheduleLag, records.Select(r => r.ScheduleLag));
        if (options.OpenLoop)
        {
            if (options.Streaming && options.ProducesTokens)
            {
                AddDistribution(MetricCatalog.TimeToFirstTokenFromIntended, Of(valid, r => r.TimeToFirstTokenFromIntended));
            }

            AddDistribution(MetricCatalog.RequestLatencyFromIntended, Of(valid, r => r.RequestLatencyFromIntended));
        }

        AddDistribution(MetricCatalog.PromptCacheHitRatio, Of(valid, r => r.PromptCacheHitRatio));

        return [.. MetricCatalog.All.Where(d => values.ContainsKey(d.Tag)).Select(d => values[d.Tag])];
    }
}
