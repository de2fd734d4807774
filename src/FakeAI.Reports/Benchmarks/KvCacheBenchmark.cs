using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FakeAI.Bench;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Metrics;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Tokenization;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using FakeAI.Reports.Runs;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// KV-cache effectiveness measured from what the server returns, never from the loop counter: a request is a hit when
/// <c>usage.prompt_tokens_details.cached_tokens</c> &gt; 0; token reuse is cached over prompt tokens; TTFT of hits vs
/// misses comes from streaming; router balance from the <c>x-fakeai-worker</c> response header; <c>/kv-cache/metrics</c>
/// is recorded before and after. A server without <c>/kv-cache/metrics</c> is reported as not exposing a KV cache. When the
/// target is the embedded server, the same workload also runs against a fresh embedded server with
/// <c>--router round-robin</c>, so the gain of KV-aware routing is measured, not asserted.
/// </summary>
internal static class KvCacheBenchmark
{
    public const string Name = "kv-cache";
    public const string WorkerHeader = "x-fakeai-worker";
    public const string ComparisonRouter = "round-robin";
    public const string Unsupported = "server does not expose a KV cache (GET /kv-cache/metrics did not return a JSON object)";
    private const string Model = "openai/gpt-oss-120b";
    private const int MaxTokens = 20;

    // System prompts of 50-70 tokens, several 16-token KV blocks each, so a shared prefix is visible as cached blocks
    // even before a whole prompt repeats.
    private static readonly string[] Prefixes =
    [
        "You are a meticulous senior software engineer who reviews distributed systems designs. You look for single points of failure, unbounded queues, missing timeouts and retries without backoff, and you explain each finding with the failure it would cause in production.",
        "You are a patient mathematics tutor who explains every step of a proof in plain words. You never skip a step, you name the theorem you use at each point, and you finish with a short check that the student can do on their own to confirm the result.",
        "You are a travel planner who builds day-by-day itineraries with budgets and transit times. You prefer public transport, you leave one free afternoon in every three days, and you list the opening hours and ticket prices you relied on so the traveller can check them.",
    ];

    private static readonly string[] Suffixes =
    [
        "Summarise the key risks in three bullet points.",
        "What would you check first, and why?",
        "Give one concrete example.",
        "List two common mistakes to avoid.",
    ];

    public static async Task<BenchmarkOutput> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!await context.Probe.HasKvCacheAsync(cancellationToken))
        {
            context.Report("  " + Unsupported);
            var unsupported = context.Results(Name, "unsupported", Unsupported, []);
            var doc = new ReportDocument("KV Cache Benchmark Results")
                .Paragraph(I($"Server: {unsupported.ServerUrl}."))
                .Paragraph($"**KV cache: {Unsupported}.** No hit rate, token reuse or TTFT improvement is reported: they would have to be invented.");
            return new BenchmarkOutput(unsupported, doc, ["KV cache: " + Unsupported]);
        }

        var before = await context.Probe.GetKvCacheMetricsAsync(cancellationToken);
        var iterations = context.Options.Quick ? 2 : 5;
        var target = await RunWorkloadAsync(context, context.Options.Url, iterations, cancellationToken);
        var after = await context.Probe.GetKvCacheMetricsAsync(cancellationToken);
        var router = RouterOf(before);
        var runs = new List<RouterRun> { Summarize("Prefix reuse (streaming, sequential)", router, target, KnownWorkers(before)) };

        // Only an embedded target is known to differ from a fresh embedded server in nothing but the router.
        if (context.Options.StartEmbeddedServer is { } start && !cancellationToken.IsCancellationRequested)
        {
            context.Report($"  same workload, embedded server with --router {ComparisonRouter}");
            var lease = await start(ComparisonRouter, cancellationToken);
            await using (lease.ConfigureAwait(false))
            {
                using var probe = new ServerProbe(lease.Url, context.Options.ApiKey);
                var comparisonWorkers = KnownWorkers(await probe.GetKvCacheMetricsAsync(cancellationToken));
                var comparison = await RunWorkloadAsync(context, lease.Url, iterations, cancellationToken);
                runs.Add(Summarize($"Prefix reuse, --router {ComparisonRouter} (embedded server, same workload)", ComparisonRouter, comparison, comparisonWorkers));
            }
        }

        var tests = runs.Select(r => r.Test).ToList();
        var failures = tests.Where(t => !t.Success).ToList();
        var results = context.Results(Name, failures.Count == 0 ? "completed" : "failed", failures.FirstOrDefault()?.Error, tests);
        var report = new ReportDocument("KV Cache Benchmark Results")
            .Paragraph(I($"Server: {results.ServerUrl}. {target.Samples.Count} sequential streaming requests: {Prefixes.Length} shared system prompts × {Suffixes.Length} questions × {iterations} iterations. A hit is a response whose usage reports cached prompt tokens; the prefix matched is the cached tokens of a hit."))
            .Heading("Cache performance")
            .Table(
                ["Router", "Requests", "Hit rate %", "Token reuse %", "Avg prefix matched (tokens)", "TTFT hit avg (ms)", "TTFT miss avg (ms)", "TTFT improvement %", "Load balance score"],
                runs.Select(r => (IReadOnlyList<string>)
                [
                    r.Router, N(Get(r.Test, "requests"), "0"), N(Get(r.Test, "hit_rate"), "0.0"), N(Get(r.Test, "token_reuse"), "0.0"),
                    N(Get(r.Test, "prefix_match_avg"), "0.0"), N(Get(r.Test, "ttft_hit_avg")), N(Get(r.Test, "ttft_miss_avg")),
                    N(Get(r.Test, "ttft_improvement"), "0.0"), N(Get(r.Test, "load_balance_score"), "0.0"),
                ]),
                1, 2, 3, 4, 5, 6, 7, 8);
        if (runs.Count > 1)
        {
            report.Paragraph(I($"The second row replays the same requests against a fresh embedded server that differs only in `--router {ComparisonRouter}`: the difference in hit rate and token reuse is what routing requests to the worker that already holds their prefix gains."));
        }

        report.Heading("Router").Paragraph("Load balance score: 100 − coefficient of variation × 100 over requests per worker (from the " + WorkerHeader + " header).");
        foreach (var run in runs)
        {
            if (run.Test.RequestsByWorker is not { } workers)
            {
                report.Paragraph($"{run.Router}: the server sent no {WorkerHeader} header, so router balance is not reported.");
                continue;
            }

            report.Paragraph(I($"{run.Router}: load balance score **{N(Get(run.Test, "load_balance_score"), "0.0")}**."))
                .Table(["Worker", "Requests"], workers.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (IReadOnlyList<string>)[w.Key, I($"{w.Value}")]), 1);
        }

        foreach (var failure in failures)
        {
            report.Heading("Failure: " + failure.Name).Paragraph(failure.Error ?? "no request completed");
        }

        report.Heading("/kv-cache/metrics before").Code("json", Indented(before)).Heading("/kv-cache/metrics after").Code("json", Indented(after));
        var highlights = runs.Select(r => I($"KV cache ({r.Router} router): hit rate {N(Get(r.Test, "hit_rate"), "0.0")} %, token reuse {N(Get(r.Test, "token_reuse"), "0.0")} %, avg prefix matched {N(Get(r.Test, "prefix_match_avg"), "0.0")} tokens, TTFT improvement {N(Get(r.Test, "ttft_improvement"), "0.0")} %")).ToList();
        return new BenchmarkOutput(results, report, highlights);
    }

    /// <summary>
    /// Sends the prompts one at a time (prefix by prefix, each with every question, <paramref name="iterations"/> times)
    /// through the profile engine's client, keeping the worker header of each response.
    /// </summary>
    private static async Task<Workload> RunWorkloadAsync(BenchContext context, Uri url, int iterations, CancellationToken cancellationToken)
    {
        var config = context.Config(Model, streaming: true, inputTokens: 1, outputTokens: MaxTokens) with
        {
            Url = url.ToString(),
            Concurrency = 1,
            RequestCount = Prefixes.Length * Suffixes.Length * iterations,
            RequestCountSet = true,
            RequestTimeoutSeconds = 60,
            RecordResponseHeader = WorkerHeader,

            // Unmeasured requests would put the prompts in the cache before the first measured miss.
            WarmupRequestCount = 0,
        };
        var outcome = await ProfileRuns.RunAsync(config, Prompts(config), context.RunProgress, cancellationToken);
        var records = outcome.Result?.Records ?? [];
        var samples = records
            .Where(r => r.IsValid)
            .Select(r => new Sample(
                Stopwatch.GetElapsedTime(r.StartTimestamp, r.ResponseTimestamps[0]).TotalMilliseconds,
                r.UsagePromptTokens ?? 0,
                r.UsageCachedTokens ?? 0,
                r.RecordedHeaderValue))
            .ToList();
        var failed = records.FirstOrDefault(r => !r.IsValid);
        var error = outcome.FailureReason
                    ?? (failed is null ? null : failed.Error is { } e ? $"{e.Type}: {e.Message}" : "a response carried no content");
        return new Workload(samples, error);
    }

    /// <summary>Every system prompt with every question, as chat requests in the wire types the server itself reads.</summary>
    private static Dataset Prompts(ProfileConfig config)
    {
        var tokenizer = TokenizerService.Get(config.Tokenizer);
        var conversations = Prefixes.SelectMany(prefix => Suffixes.Select(suffix =>
        {
            var request = new ChatCompletionRequest
            {
                Model = Model,
                Messages = [new ChatMessage { Role = "system", Content = MessageContent.FromText(prefix) }, new ChatMessage { Role = "user", Content = MessageContent.FromText(suffix) }],
                MaxTokens = MaxTokens,
                Stream = true,
                StreamOptions = new StreamOptions { IncludeUsage = true },
            };
            var turn = new Turn([prefix, suffix], tokenizer.CountTokens(prefix) + tokenizer.CountTokens(suffix), MaxTokens, null)
            {
                Payloads = [JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.ChatCompletionRequest)],
            };
            return new Conversation($"{Array.IndexOf(Prefixes, prefix)}-{Array.IndexOf(Suffixes, suffix)}", [turn]);
        }));
        return new Dataset([.. conversations], Sequential: true);
    }

    private static RouterRun Summarize(string name, string router, Workload workload, IEnumerable<string> knownWorkers)
    {
        var samples = workload.Samples;
        var hits = samples.Where(s => s.CachedTokens > 0).ToList();
        var misses = samples.Where(s => s.CachedTokens == 0).ToList();
        var ttftHit = hits.Count > 0 ? hits.Average(s => s.TtftMs) : (double?)null;
        var ttftMiss = misses.Count > 0 ? misses.Average(s => s.TtftMs) : (double?)null;

        // Workers the server lists but never routed to count as 0, so an idle worker lowers the balance score.
        var workers = knownWorkers.ToDictionary(w => w, _ => 0, StringComparer.Ordinal);
        foreach (var worker in samples.Select(s => s.Worker).OfType<string>())
        {
            workers[worker] = workers.GetValueOrDefault(worker) + 1;
        }

        double? balance = null;
        if (workers.Count > 0)
        {
            var counts = Statistics.Summarize([.. workers.Values.Select(v => (double)v)]);
            balance = Math.Max(0, 100 - (counts.Std / counts.Avg * 100));
        }

        var metrics = new MetricList()
            .Add("requests", samples.Count, MetricCatalog.RequestCount)
            .Higher("hit_rate", samples.Count == 0 ? null : 100.0 * hits.Count / samples.Count, "%")
            .Higher("token_reuse", samples.Sum(s => s.PromptTokens) is var p and > 0 ? 100.0 * samples.Sum(s => s.CachedTokens) / p : null, "%")
            .Higher("prefix_match_avg", hits.Count > 0 ? hits.Average(s => s.CachedTokens) : null, "tokens")
            .Lower("ttft_hit_avg", ttftHit, "ms")
            .Lower("ttft_miss_avg", ttftMiss, "ms")
            .Higher("ttft_improvement", ttftHit is { } h && ttftMiss is { } m && m > 0 ? (m - h) / m * 100 : null, "%")
            .Info("workers", workers.Count, "workers")
            .Higher("load_balance_score", balance, "score");
        var test = new BenchTestResult(name, workload.Error is null && samples.Count > 0, workload.Error, metrics.Items)
        {
            RequestsByWorker = workers.Count > 0 ? workers : null,
        };
        return new RouterRun(router, test);
    }

    /// <summary><c>settings.router</c> of <c>/kv-cache/metrics</c>, or "target" when the server does not name it.</summary>
    private static string RouterOf(string kvMetricsJson)
    {
        using var doc = JsonDocument.Parse(kvMetricsJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object
               && doc.RootElement.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object
               && settings.TryGetProperty("router", out var router) && router.ValueKind == JsonValueKind.String
            ? router.GetString()!
            : "target";
    }

    private static IEnumerable<string> KnownWorkers(string kvMetricsJson)
    {
        using var doc = JsonDocument.Parse(kvMetricsJson);
        if (doc.RootElement.TryGetProperty("workers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var worker in list.EnumerateArray())
            {
                if (worker.ValueKind == JsonValueKind.Object && worker.TryGetProperty("worker", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    yield return id.GetString()!;
                }
            }
        }
    }

    private static string Indented(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            doc.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record Sample(double TtftMs, int PromptTokens, int CachedTokens, string? Worker);

    private sealed record Workload(List<Sample> Samples, string? Error);

    private sealed record RouterRun(string Router, BenchTestResult Test);
}
