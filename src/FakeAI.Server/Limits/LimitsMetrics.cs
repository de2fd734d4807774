using Prometheus;

namespace FakeAI.Server.Limits;

/// <summary>
/// The limits' entries on the server's registry (only when some limit is on): refusals per limit, and vLLM's queue
/// gauge and queue-time histogram when the concurrency cap is on. Registered as <c>vllm_*</c>; the exposition rewrites
/// the prefix to <c>vllm:</c>.
/// </summary>
internal sealed class LimitsMetrics
{
    /// <summary>Label values of <c>fakeai_requests_refused_total{limit}</c>.</summary>
    public static class Limit
    {
        public const string RequestsPerKey = "rpm_key";
        public const string RequestsPerModel = "rpm_model";
        public const string TokensPerKey = "tpm_key";
        public const string TokensPerModel = "tpm_model";
        public const string QueueFull = "queue_full";
        public const string QueueTimeout = "queue_timeout";
        public const string Starting = "startup";
    }

    private static readonly double[] QueueTimeBuckets =
        [0.001, 0.005, 0.01, 0.05, 0.1, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    private readonly Counter _refused;
    private readonly Gauge _waiting;
    private readonly Histogram _queueTime;

    private readonly Telemetry.ModelLabels _models;

    public LimitsMetrics(CollectorRegistry registry, Telemetry.ModelLabels models, LimitsOptions options)
    {
        _models = models;
        var factory = Metrics.WithCustomRegistry(registry);
        _refused = factory.CreateCounter("fakeai_requests_refused_total", "Requests refused by a limit (rate limits, the concurrency queue, the startup delay).", ["limit"]);
        _waiting = factory.CreateGauge("vllm_num_requests_waiting", "Requests waiting for a concurrency slot.", ["model_name"]);
        _queueTime = factory.CreateHistogram(
            "vllm_request_queue_time_seconds",
            "Time requests waited for a concurrency slot.",
            new HistogramConfiguration { LabelNames = ["model_name"], Buckets = QueueTimeBuckets });

        // Every limit that is on shows from the first scrape, at 0 until it refuses something.
        var limits = new List<string>();
        if (options.RequestsPerMinute is not null)
        {
            limits.AddRange([Limit.RequestsPerKey, Limit.RequestsPerModel]);
        }

        if (options.TokensPerMinute is not null)
        {
            limits.AddRange([Limit.TokensPerKey, Limit.TokensPerModel]);
        }

        if (options.MaxConcurrency is not null)
        {
            limits.Add(Limit.QueueFull);
            if (options.QueueTimeout is not null)
            {
                limits.Add(Limit.QueueTimeout);
            }
        }

        if (options.StartupDelay > TimeSpan.Zero)
        {
            limits.Add(Limit.Starting);
        }

        foreach (var limit in limits)
        {
            _refused.WithLabels(limit).IncTo(0);
        }
    }

    public void Refused(string limit) => _refused.WithLabels(limit).Inc();

    public void JoinedQueue(string model) => _waiting.WithLabels(_models.Of(model)).Inc();

    public void LeftQueue(string model) => _waiting.WithLabels(_models.Of(model)).Dec();

    public void Queued(string model, double seconds) => _queueTime.WithLabels(_models.Of(model)).Observe(seconds);
}
