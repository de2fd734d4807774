using Prometheus;

namespace FakeAI.Server.Telemetry;

/// <summary>
/// vLLM-named Prometheus metrics of one server instance, on its own registry (two servers in one process never share
/// counters), plus the process metrics a memory benchmark reads.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly double[] TtftBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    private static readonly double[] ItlBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    private static readonly double[] E2eBuckets =
        [0.01, 0.05, 0.1, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    private readonly Gauge _running;
    private readonly Counter _promptTokens;
    private readonly Counter _generationTokens;
    private readonly Histogram _ttft;
    private readonly Histogram _itl;
    private readonly Histogram _e2e;
    private readonly Counter _success;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelChildren> _byModel = new(StringComparer.Ordinal);

    /// <param name="engineOwnsRunningGauge">
    /// True with the batching engine, whose per-worker <c>vllm:num_requests_running</c> (sequences in the batch, vLLM's
    /// meaning) is exported instead; the per-model count of open requests is still kept for <c>/health</c>.
    /// </param>
    public ServerMetrics(bool engineOwnsRunningGauge = false)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);

        // The exposition is Prometheus' text format, which has no exemplars; recording them (from the request's trace
        // context, per observation) would only cost time on the token path.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        string[] model = ["model_name"];
        var runningFactory = engineOwnsRunningGauge ? Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()) : factory;
        _running = runningFactory.CreateGauge("vllm_num_requests_running", "Requests being generated right now.", model);
        _promptTokens = factory.CreateCounter("vllm_prompt_tokens_total", "Prompt tokens processed.", model);
        _generationTokens = factory.CreateCounter("vllm_generation_tokens_total", "Generated tokens.", model);
        _ttft = factory.CreateHistogram("vllm_time_to_first_token_seconds", "Time to first token, server side.", new HistogramConfiguration { LabelNames = model, Buckets = TtftBuckets });
        _itl = factory.CreateHistogram("vllm_inter_token_latency_seconds", "Time between consecutive token writes, server side.", new HistogramConfiguration { LabelNames = model, Buckets = ItlBuckets });
        _e2e = factory.CreateHistogram("vllm_e2e_request_latency_seconds", "Request latency from body read to last byte.", new HistogramConfiguration { LabelNames = model, Buckets = E2eBuckets });
        _success = factory.CreateCounter("vllm_request_success_total", "Requests finished successfully.", ["model_name", "finished_reason"]);
        var rss = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var managed = factory.CreateGauge("dotnet_total_memory_bytes", "Bytes currently allocated on the managed heap.");

        // With the managed heap, tells a memory benchmark whether resident growth could be garbage not yet collected:
        // server GC's gen0 budget lets an idle-ish server grow for minutes before its first collection.
        var collections = factory.CreateCounter("dotnet_collection_count_total", "Garbage collections since the process started.", ["generation"]);
        var byGeneration = Enumerable.Range(0, GC.MaxGeneration + 1)
            .Select(g => (Generation: g, Child: collections.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray();
        Registry.AddBeforeCollectCallback(() =>
        {
            rss.Set(Environment.WorkingSet);
            managed.Set(GC.GetTotalMemory(false));
            foreach (var (generation, child) in byGeneration)
            {
                child.IncTo(GC.CollectionCount(generation));
            }
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The <c>model_name</c> label of each model, shared by every metric of this server that has one.</summary>
    public ModelLabels ModelLabels { get; } = new();

    /// <summary>Requests currently being generated, summed over models.</summary>
    public double RunningRequests => _running.GetAllLabelValues().Sum(labels => _running.WithLabels(labels).Value);

    public void RequestStarted(string model, int promptTokens)
    {
        var children = For(model);
        children.Running.Inc();
        children.PromptTokens.Inc(promptTokens);
    }

    public void RequestEnded(string model) => For(model).Running.Dec();

    public void RecordFirstToken(string model, double seconds) => For(model).Ttft.Observe(seconds);

    public void RecordInterTokenGaps(string model, ReadOnlySpan<double> seconds)
    {
        var child = For(model).Itl;
        foreach (var gap in seconds)
        {
            child.Observe(gap);
        }
    }

    public void RecordSuccess(string model, string finishReason, int generatedTokens, double e2eSeconds)
    {
        var children = For(model);
        children.GenerationTokens.Inc(generatedTokens);
        children.E2e.Observe(e2eSeconds);
        (finishReason == "length" ? children.SuccessLength : _success.WithLabels(children.Label, finishReason)).Inc();
    }

    // Label lookups cost a dictionary probe and an array each; a request touches them several times, so cache per model.
    private ModelChildren For(string model) =>
        _byModel.TryGetValue(model, out var children) ? children : Add(ModelLabels.Of(model));

    private ModelChildren Add(string label) => _byModel.GetOrAdd(label, static (m, self) => new ModelChildren(
        m,
        self._running.WithLabels(m),
        self._promptTokens.WithLabels(m),
        self._generationTokens.WithLabels(m),
        self._ttft.WithLabels(m),
        self._itl.WithLabels(m),
        self._e2e.WithLabels(m),
        self._success.WithLabels(m, "length")), this);

    private sealed record ModelChildren(
        string Label,
        Gauge.Child Running,
        Counter.Child PromptTokens,
        Counter.Child GenerationTokens,
        Histogram.Child Ttft,
        Histogram.Child Itl,
        Histogram.Child E2e,
        Counter.Child SuccessLength);
}
