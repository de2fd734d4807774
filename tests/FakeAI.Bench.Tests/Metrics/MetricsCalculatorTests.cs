using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Metrics;

public sealed class MetricsCalculatorTests
{
    private static readonly MetricsOptions Streaming = new(true, true, false, [], false);

    private static MetricsSummary Compute(MetricsOptions options, params RequestRecord[] records) =>
        MetricsCalculator.Compute(records, options, TestRecords.Clock, TestRecords.CountWords);

    [Fact]
    public void Computes_aiperf_reference_vector()
    {
        // aiperf tests/metrics/test_inter_token_latency_metric.py: start 1000, responses 1040/1080/1120, OSL 9 → ITL 10.
        var metrics = Compute(Streaming, TestRecords.Valid(1000, [1040, 1080, 1120], outputWords: 9)).Records[0];
        Assert.Equal(40, metrics.TimeToFirstToken!.Value, 6);
        Assert.Equal(40, metrics.TimeToSecondToken!.Value, 6);
        Assert.Equal(120, metrics.RequestLatency!.Value, 6);
        Assert.Equal(10, metrics.InterTokenLatency!.Value, 6);
        Assert.Equal(1e8, metrics.OutputTokenThroughputPerUser!.Value, 3);
        Assert.Equal([40.0, 40.0], metrics.InterChunkLatencies!.Select(v => Math.Round(v, 6)));
        Assert.Equal(9, metrics.OutputSequenceLength);
    }

    [Fact]
    public void Prompt_cache_hit_ratio_is_cached_over_prompt_tokens_from_usage_and_absent_without_cached_tokens()
    {
        // 48 of 64 prompt tokens cached → 0.75; 0 of 40 → 0; no cached_tokens reported → no value (not 0).
        var hit = TestRecords.Valid(0, [10, 20], outputWords: 2);
        hit.UsagePromptTokens = 64;
        hit.UsageCachedTokens = 48;
        var miss = TestRecords.Valid(0, [10, 20], outputWords: 2);
        miss.UsagePromptTokens = 40;
        miss.UsageCachedTokens = 0;
        var unreported = TestRecords.Valid(0, [10, 20], outputWords: 2);
        unreported.UsagePromptTokens = 40;
        var summary = Compute(Streaming, hit, miss, unreported);
        Assert.Equal(0.75, summary.Records[0].PromptCacheHitRatio);
        Assert.Equal(0, summary.Records[1].PromptCacheHitRatio);
        Assert.Null(summary.Records[2].PromptCacheHitRatio);
        var ratio = summary.Get("prompt_cache_hit_ratio")!;
        Assert.Equal("%", ratio.Unit);
        Assert.Equal(2, ratio.Stats!.Count);
        Assert.Equal(37.5, ratio.Avg, 9);
        Assert.Equal(75, ratio.Stats.Max, 9);
        Assert.Equal(37.5, ratio.Stats.Std, 9);

        Assert.Null(Compute(Streaming, unreported).Get("prompt_cache_hit_ratio"));
    }

    [Fact]
    public void Itl_divides_by_osl_minus_one()
    {
        // aiperf: start 100, responses 120/200, 3 tokens each → (100 − 20) / (6 − 1) = 16.
        var metrics = Compute(Streaming, TestRecords.Valid(100, [120, 200], outputWords: 6)).Records[0];
        Assert.Equal(16, metrics.InterTokenLatency!.Value, 6);
    }

    [Fact]
    public void Osl_of_one_has_no_itl_or_per_user_throughput()
    {
        var metrics = Compute(Streaming, TestRecords.Valid(0, [50], outputWords: 1)).Records[0];
        Assert.Equal(50, metrics.TimeToFirstToken!.Value, 6);
        Assert.Null(metrics.TimeToSecondToken);
        Assert.Null(metrics.InterTokenLatency);
        Assert.Null(metrics.OutputTokenThroughputPerUser);
        Assert.Equal(50, metrics.RequestLatency!.Value, 6);
    }

    [Fact]
    public void Reasoning_tokens_count_towards_osl()
    {
        var metrics = Compute(Streaming, TestRecords.Valid(0, [10, 20, 30], outputWords: 3, reasoningWords: 2)).Records[0];
        Assert.Equal(3, metrics.OutputTokenCount);
        Assert.Equal(2, metrics.ReasoningTokenCount);
        Assert.Equal(5, metrics.OutputSequenceLength);
        Assert.Equal(5, metrics.InterTokenLatency!.Value, 6); // (30 − 10) / (5 − 1)
    }

    [Fact]
    public void A_200_without_content_is_an_error_not_a_latency_sample()
    {
        var empty = new RequestRecord { StatusCode = 200, InputTokens = 7, StartTimestamp = 0, EndTimestamp = TestRecords.Ticks(10) };
        var summary = Compute(Streaming, empty, TestRecords.Valid(0, [10, 20], outputWords: 2));
        Assert.Equal(1, summary.ValidCount);
        Assert.Equal(1, summary.ErrorCount);
        Assert.Equal(7, summary.Get("error_isl")!.Avg);
        Assert.Equal(1, summary.Get("request_latency")!.Stats!.Count);
    }

    [Fact]
    public void Throughput_uses_first_start_to_last_content_response_of_valid_records()
    {
        // A: 0 → 100 ms (4 tokens); B: 50 → 200 ms (6 tokens); a failed request at 500 ms is outside the window.
        var summary = Compute(
            Streaming,
            TestRecords.Valid(0, [50e6, 100e6], outputWords: 4),
            TestRecords.Valid(50e6, [120e6, 200e6], outputWords: 6),
            TestRecords.Failed(500e6, 3, new ErrorDetails(500, "Internal Server Error", "boom")));
        Assert.Equal(0.2, summary.Get("benchmark_duration")!.Avg, 9);
        Assert.Equal(10, summary.Get("request_throughput")!.Avg, 6);
        Assert.Equal(50, summary.Get("output_token_throughput")!.Avg, 6);
        Assert.Equal(2, summary.Get("request_count")!.Avg);
        Assert.Equal(1, summary.Get("error_request_count")!.Avg);
        Assert.Equal(10, summary.Get("total_osl")!.Avg);

        // TTFT 50 ms and 70 ms, displayed in ms.
        var ttft = summary.Get("time_to_first_token")!.Stats!;
        Assert.Equal(60, ttft.Avg, 9);
        Assert.Equal(50, ttft.Min, 9);
        Assert.Equal(70, ttft.Max, 9);
        Assert.Equal(10, ttft.Std, 9);
    }

    [Fact]
    public void Goodput_counts_records_meeting_every_slo()
    {
        var options = Streaming with { Goodput = [new("time_to_first_token", 60), new("output_token_throughput_per_user", 15)] };

        // TTFT 50 ms, ITL (150−50)/(3−1) = 50 ms → 20 tok/s/user: good. TTFT 70 ms: bad. TTFT 40 ms, ITL 100 ms → 10 tok/s/user: bad.
        var summary = Compute(
            options,
            TestRecords.Valid(0, [50e6, 150e6], outputWords: 3),
            TestRecords.Valid(0, [70e6, 170e6], outputWords: 3),
            TestRecords.Valid(0, [40e6, 240e6], outputWords: 3));
        Assert.Equal(1, summary.Get("good_request_count")!.Avg);
        Assert.Equal(1 / 0.24, summary.Get("goodput")!.Avg, 6);
    }

    [Fact]
    public void Goodput_isl_and_osl_slos_are_minimums_as_in_aiperf()
    {
        // ISL and OSL are larger-is-better: a request is good when it has at least the SLO's tokens.
        var options = Streaming with { Goodput = [new("input_sequence_length", 100), new("output_sequence_length", 3)] };
        var summary = Compute(
            options,
            TestRecords.Valid(0, [50e6, 150e6], outputWords: 3, inputTokens: 100),
            TestRecords.Valid(0, [50e6, 150e6], outputWords: 3, inputTokens: 99),
            TestRecords.Valid(0, [50e6, 150e6], outputWords: 2, inputTokens: 500));
        Assert.Equal([true, false, false], summary.Records.Select(r => r.IsGood));
    }

    [Fact]
    public void Open_loop_reports_schedule_lag_and_latency_from_intended_start()
    {
        var options = Streaming with { OpenLoop = true };
        var summary = Compute(options, TestRecords.Valid(5e6, [25e6, 35e6], outputWords: 2, intendedNs: 2e6));
        Assert.Equal(3, summary.Get("schedule_lag")!.Avg, 9);
        Assert.Equal(20, summary.Get("time_to_first_token")!.Avg, 9);
        Assert.Equal(23, summary.Get("time_to_first_token_from_intended")!.Avg, 9);
        Assert.Equal(33, summary.Get("request_latency_from_intended")!.Avg, 9);
    }

    [Fact]
    public void Non_streaming_runs_publish_no_streaming_metrics()
    {
        var summary = Compute(Streaming with { Streaming = false }, TestRecords.Valid(0, [80e6], outputWords: 5));
        Assert.Null(summary.Get("time_to_first_token"));
        Assert.Null(summary.Get("inter_token_latency"));
        Assert.Equal(80, summary.Get("request_latency")!.Avg, 9);
        Assert.Equal(5, summary.Get("output_sequence_length")!.Avg);
    }

    [Fact]
    public void Server_token_counts_replace_client_counts_when_asked()
    {
        var record = TestRecords.Valid(0, [10, 20, 30], outputWords: 3);
        record.UsageCompletionTokens = 12;
        record.UsageReasoningTokens = 2;
        record.UsagePromptTokens = 99;
        var metrics = Compute(Streaming with { UseServerTokenCount = true }, record).Records[0];
        Assert.Equal(12, metrics.OutputSequenceLength);
        Assert.Equal(10, metrics.OutputTokenCount);
        Assert.Equal(99, metrics.InputSequenceLength);
    }

    [Fact]
    public void Embeddings_and_rankings_report_latency_throughput_and_isl_but_no_token_output_metrics()
    {
        // Non-streaming, no tokens produced: one response per request, carrying no text.
        var options = new MetricsOptions(false, false, false, [], false);
        var first = TestRecords.Valid(0, [2_000_000], outputWords: 0, inputTokens: 550);
        var second = TestRecords.Valid(1_000_000, [5_000_000], outputWords: 0, inputTokens: 450);
        var failed = TestRecords.Failed(0, 300, new ErrorDetails(400, "Bad Request", "{}"));

        var summary = Compute(options, first, second, failed);

        Assert.Equal(500, summary.Get("input_sequence_length")!.Avg, 9);
        Assert.Equal(1000, summary.Get("total_isl")!.Avg, 9);
        Assert.Equal(300, summary.Get("error_isl")!.Avg, 9);
        Assert.Equal(3, summary.Get("request_latency")!.Avg, 9);
        Assert.Equal(2, summary.Get("request_count")!.Avg);

        // 2 requests in the 5 ms from the first start to the last response.
        Assert.Equal(400, summary.Get("request_throughput")!.Avg, 6);
        foreach (var tag in new[] { "time_to_first_token", "inter_token_latency", "output_sequence_length", "output_token_throughput", "total_osl", "prompt_cache_hit_ratio" })
        {
            Assert.Null(summary.Get(tag));
        }
    }
}
