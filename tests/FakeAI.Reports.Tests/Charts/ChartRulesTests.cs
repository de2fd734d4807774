using FakeAI.Bench;
using FakeAI.Bench.Memory;
using FakeAI.Reports.Benchmarks;
using FakeAI.Reports.Charts;
using FakeAI.Reports.Results;
using FakeAI.Reports.Suite;
using FakeAI.Server;

namespace FakeAI.Reports.Tests.Charts;

/// <summary>Every chart type the product draws, from a run at a single concurrency and from runs at several.</summary>
public sealed class ChartRulesTests
{
    private static readonly string[] Models = ["openai/gpt-oss-120b", "meta-llama/Llama-3.1-8B-Instruct", "deepseek-ai/DeepSeek-R1"];

    private static SuiteSummary Suite(int[] levels, bool withNonStreaming)
    {
        var random = new Random(7);
        var runs = new List<SuiteRunResult>();
        var latencies = new Dictionary<string, double[]>();
        foreach (var model in Models)
        {
            foreach (var c in levels)
            {
                runs.Add(Run(model, c, streaming: true));
            }

            if (withNonStreaming)
            {
                runs.Add(Run(model, 50, streaming: false));
            }
        }

        return new SuiteSummary(SuiteSummary.SchemaId, DateTimeOffset.UnixEpoch, "http://127.0.0.1:1/", true, runs.Count, runs.Count, 0, runs);

        SuiteRunResult Run(string model, int c, bool streaming)
        {
            var ttft = 20 + (c * 0.4) + random.NextDouble();
            return new SuiteRunResult(
                $"{model.Split('/')[^1]}-chat-concurrency{c}-{(streaming ? "streaming" : "non-streaming")}",
                new SuiteRunConfig(model, "chat", c, 10 * c, 128, 100, streaming),
                true, 1, null, null,
                new SuiteRunMetrics
                {
                    RequestThroughput = c * 1.9, OutputTokenThroughput = c * 190, RequestLatencyP50 = 520, RequestLatencyP99 = 560,
                    TimeToFirstTokenP50 = streaming ? ttft : null, TimeToFirstTokenP99 = streaming ? ttft * 1.5 : null,
                    InterTokenLatencyP50 = streaming ? 5 : null, InterTokenLatencyP99 = streaming ? 5.4 : null,
                });
        }
    }

    private static Dictionary<string, double[]> Latencies(SuiteSummary summary, int count)
    {
        var random = new Random(3);
        return summary.Results.ToDictionary(r => r.Name, _ => Enumerable.Range(0, count).Select(_ => 2500 + (random.NextDouble() * 15)).ToArray());
    }

    [Fact]
    public void Suite_at_one_concurrency_draws_bars_not_lines()
    {
        var summary = Suite([50], withNonStreaming: false);

        // Ten requests per run: a histogram whose tallest bin holds a handful must not show half a request.
        var drawn = ChartRules.Check(SuiteCharts.Specs(summary, Latencies(summary, 10)));

        var perConcurrency = drawn.Where(c => c.FileName.EndsWith("_vs_concurrency.png", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, perConcurrency.Count);
        Assert.All(perConcurrency, c => Assert.True(c.HasBars && !c.HasLines, c.FileName));
        Assert.All(perConcurrency, c => Assert.EndsWith("at concurrency 50", c.Title, StringComparison.Ordinal));
        Assert.Equal(["p50", "p99"], drawn.Single(c => c.FileName == "ttft_vs_concurrency.png").Legend);
        Assert.Equal(3, drawn.Count(c => c.FileName.StartsWith("latency_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Suite_at_several_concurrencies_draws_lines_with_every_series_in_a_legend_beside_the_data()
    {
        var summary = Suite([5, 20, 100], withNonStreaming: true);

        var drawn = ChartRules.Check(SuiteCharts.Specs(summary, Latencies(summary, 200)));

        var perConcurrency = drawn.Where(c => c.FileName.EndsWith("_vs_concurrency.png", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, perConcurrency.Count);
        Assert.All(perConcurrency, c => Assert.True(c.HasLines && !c.HasBars, c.FileName));
        Assert.Equal(6, drawn.Single(c => c.FileName == "throughput_vs_concurrency.png").Legend.Count);
        Assert.Equal(6, drawn.Single(c => c.FileName == "ttft_vs_concurrency.png").Legend.Count);
    }

    [Fact]
    public async Task Profile_charts_of_a_streaming_run_follow_the_rules()
    {
        await using var server = await FakeAIServer.StartAsync(new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Exact(2), Itl = LatencySpec.Exact(0.2) });
        var result = await ProfileRunner.RunAsync(
            new ProfileConfig { Models = ["m"], Url = server.Url.ToString(), Streaming = true, Concurrency = 4, RequestCount = 12, InputTokensMean = 20, OutputTokensMean = 20 },
            progress: null,
            CancellationToken.None);

        var drawn = ChartRules.Check(ProfileCharts.Specs(result));

        Assert.Equal(4, drawn.Count);
    }

    [Fact]
    public void Throughput_histograms_of_few_and_many_requests_follow_the_rules()
    {
        var random = new Random(5);
        var latencies = new Dictionary<string, double[]>
        {
            ["Large stream"] = [.. Enumerable.Range(0, 10).Select(_ => 2517 + (random.NextDouble() * 17))],
            ["Small stream"] = [.. Enumerable.Range(0, 300).Select(_ => 250 + (Math.Exp(random.NextDouble() * 3) * 5))],
            ["One value"] = [42],
        };

        Assert.Equal(3, ChartRules.Check(ThroughputBenchmark.Charts(latencies)).Count);
    }

    private static BenchTestResult Load(string name, double rps, double p50, double p99, bool success = true) =>
        new(name, success, success ? null : "failed", [new BenchMetric("requests_per_second", rps, "requests/sec", BenchMetric.Higher), new BenchMetric("latency_p50", p50, "ms", BenchMetric.Lower), new BenchMetric("latency_p99", p99, "ms", BenchMetric.Lower)]);

    [Fact]
    public void Concurrent_charts_with_several_levels_draw_scaling_and_ramp_up_as_separate_lines()
    {
        int[] levels = [10, 50];
        var scaling = levels.Select(c => Load($"{c} concurrent", c * 3.6, 267, 280)).ToList();
        var ramp = new[] { 10, 20, 30, 40, 50 }.Select(c => Load($"Ramp {c} concurrent", c * 3.7, 266, 275)).ToList();

        var drawn = ChartRules.Check(ConcurrentBenchmark.Charts(levels, scaling, ramp));

        Assert.All(drawn, c => Assert.True(c.HasLines, c.FileName));
        Assert.Equal(["scaling tests", "ramp-up"], drawn.Single(c => c.FileName == "concurrent_rps.png").Legend);
    }

    [Fact]
    public void Concurrent_charts_with_one_successful_level_draw_bars()
    {
        int[] levels = [10, 50];
        var scaling = new[] { Load("10 concurrent", 36, 267, 280), Load("50 concurrent", 0, 0, 0, success: false) };
        var ramp = new[] { Load("Ramp 10 concurrent", 37, 266, 275), Load("Ramp 20 concurrent", 0, 0, 0, success: false) };

        var drawn = ChartRules.Check(ConcurrentBenchmark.Charts(levels, scaling, ramp));

        Assert.Equal(2, drawn.Count);
        Assert.All(drawn, c => Assert.True(c.HasBars && !c.HasLines, c.FileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Memory_chart_shows_the_phases_verdict_and_no_other(int leak)
    {
        // Resident memory rising steadily: the resident fit alone would call it a leak; the phase's verdict decides.
        var timeline = Enumerable.Range(0, 20).Select(i => new BenchMemoryPoint(i * 0.5, i * 10, 180 + (i * 0.3), 60 + (i % 5 * 8), i / 5)).ToList();
        var samples = timeline.Select(p => new MemorySample(p.ElapsedSeconds, p.ResidentMegabytes, p.ManagedHeapMegabytes, p.GarbageCollections)).ToList();
        var assessment = LeakDetector.Assess(samples);
        Assert.True(assessment.Resident!.LeakDetected);
        var test = new BenchTestResult("Medium load", true, null, [new BenchMetric("leak_detected", leak, "bool", BenchMetric.Lower)]) { Timeline = timeline };

        var drawn = ChartRules.Check([MemoryBenchmark.Chart(test, assessment)!]).Single();

        Assert.EndsWith(leak == 1 ? "(leak: yes)" : "(leak: no)", drawn.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(drawn.Legend, l => l.Contains("leak", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, drawn.Legend.Count);
    }
}
