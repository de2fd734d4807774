using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;
using static FakeAI.Reports.Benchmarks.BenchFormat;

namespace FakeAI.Reports.Benchmarks;

/// <summary>
/// KV-cache effectiveness measured from what the server returns, never from the loop counter: a request is a hit when
/// <c>usage.prompt_tokens_details.cached_tokens</c> &gt; 0; token reuse is cached over prompt tokens; TTFT of hits vs
/// misses comes from streaming; router balance from the <c>x-fakeai-worker</c> response header; <c>/kv-cache/metrics</c>
/// is recorded before and after. A server without <c>/kv-cache/metrics</c> is reported as not exposing a KV cache.
/// </summary>
internal static class KvCacheBenchmark
{
    public const string Name = "kv-cache";
    public const string WorkerHeader = "x-fakeai-worker";
    public const string Unsupported = "server does not expose a KV cache (GET /kv-cache/metrics did not return a JSON object)";
    private const string Model = "openai/gpt-oss-120b";

    private static readonly string[] Prefixes =
    [
        "You are a meticulous senior software engineer who reviews distributed systems designs.",
        "You are a patient mathematics tutor who explains every step of a proof in plain words.",
        "You are a travel planner who builds day-by-day itineraries with budgets and transit times.",
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
        using var client = new HttpClient { BaseAddress = context.Options.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (!string.IsNullOrEmpty(context.Options.ApiKey))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.Options.ApiKey);
        }

        var samples = new List<Sample>();
        string? error = null;
        for (var i = 0; i < iterations && error is null && !cancellationToken.IsCancellationRequested; i++)
        {
            foreach (var prefix in Prefixes)
            {
                foreach (var suffix in Suffixes)
                {
                    try
                    {
                        samples.Add(await SendAsync(client, prefix, suffix, cancellationToken));
                    }
                    catch (Exception e) when (e is HttpRequestException or JsonException or IOException or InvalidOperationException)
                    {
                        error = e.Message;
                        break;
                    }
                }
            }
        }

        var after = await context.Probe.GetKvCacheMetricsAsync(cancellationToken);
        var hits = samples.Where(s => s.CachedTokens > 0).ToList();
        var misses = samples.Where(s => s.CachedTokens == 0).ToList();
        var ttftHit = hits.Count > 0 ? hits.Average(s => s.TtftMs) : (double?)null;
        var ttftMiss = misses.Count > 0 ? misses.Average(s => s.TtftMs) : (double?)null;
        // Workers the server lists but never routed to count as 0, so an idle worker lowers the balance score.
        var workers = KnownWorkers(before).ToDictionary(w => w, _ => 0, StringComparer.Ordinal);
        foreach (var worker in samples.Select(s => s.Worker).OfType<string>())
        {
            workers[worker] = workers.GetValueOrDefault(worker) + 1;
        }
        double? balance = null;
        if (workers.Count > 0)
        {
            var mean = workers.Values.Average();
            var std = Math.Sqrt(workers.Values.Average(v => (v - mean) * (v - mean)));
            balance = Math.Max(0, 100 - (std / mean * 100));
        }

        var metrics = new MetricList()
            .Info("requests", samples.Count, "requests")
            .Higher("hit_rate", samples.Count == 0 ? null : 100.0 * hits.Count / samples.Count, "%")
            .Higher("token_reuse", samples.Sum(s => s.PromptTokens) is var p and > 0 ? 100.0 * samples.Sum(s => s.CachedTokens) / p : null, "%")
            .Lower("ttft_hit_avg", ttftHit, "ms")
            .Lower("ttft_miss_avg", ttftMiss, "ms")
            .Higher("ttft_improvement", ttftHit is { } h && ttftMiss is { } m && m > 0 ? (m - h) / m * 100 : null, "%")
            .Info("workers", workers.Count, "workers")
            .Higher("load_balance_score", balance, "score");
        var test = new BenchTestResult("Prefix reuse (streaming, sequential)", error is null && samples.Count > 0, error, metrics.Items)
        {
            RequestsByWorker = workers.Count > 0 ? workers : null,
        };
        var results = context.Results(Name, test.Success ? "completed" : "failed", error, [test]);
        var report = new ReportDocument("KV Cache Benchmark Results")
            .Paragraph(I($"Server: {results.ServerUrl}. {samples.Count} sequential streaming requests: {Prefixes.Length} shared system prompts × {Suffixes.Length} questions × {iterations} iterations. A hit is a response whose usage reports cached prompt tokens."))
            .Heading("Cache performance")
            .Table(
                ["Requests", "Hit rate %", "Token reuse %", "TTFT hit avg (ms)", "TTFT miss avg (ms)", "TTFT improvement %"],
                [[N(Get(test, "requests"), "0"), N(Get(test, "hit_rate"), "0.0"), N(Get(test, "token_reuse"), "0.0"), N(ttftHit), N(ttftMiss), N(Get(test, "ttft_improvement"), "0.0")]],
                0, 1, 2, 3, 4, 5)
            .Heading("Router")
            .Paragraph(workers.Count == 0
                ? $"The server sent no {WorkerHeader} header, so router balance is not reported."
                : I($"Load balance score: **{N(balance, "0.0")}** (100 − coefficient of variation × 100 over requests per worker)."));
        if (workers.Count > 0)
        {
            report.Table(["Worker", "Requests"], workers.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (IReadOnlyList<string>)[w.Key, I($"{w.Value}")]), 1);
        }

        if (error is not null)
        {
            report.Heading("Failure").Paragraph(error);
        }

        report.Heading("/kv-cache/metrics before").Code("json", Indented(before)).Heading("/kv-cache/metrics after").Code("json", Indented(after));
        var highlights = new List<string>
        {
            I($"KV cache hit rate: {N(Get(test, "hit_rate"), "0.0")} %, token reuse {N(Get(test, "token_reuse"), "0.0")} %, TTFT improvement {N(Get(test, "ttft_improvement"), "0.0")} %"),
        };
        return new BenchmarkOutput(results, report, highlights);
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

    private static async Task<Sample> SendAsync(HttpClient client, string prefix, string suffix, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(
            new KvRequest(Model, [new KvMessage("system", prefix), new KvMessage("user", suffix)], 20, true, new KvStreamOptions(true)),
            KvJsonContext.Default.KvRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/chat/completions", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} from /v1/chat/completions");
        }

        var worker = response.Headers.TryGetValues(WorkerHeader, out var values) ? values.FirstOrDefault() : null;
        double? ttft = null;
        int prompt = 0, cached = 0;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal) || line.AsSpan(5).Trim().SequenceEqual("[DONE]"))
            {
                continue;
            }

            using var chunk = JsonDocument.Parse(line.AsMemory(5));
            var root = chunk.RootElement;
            if (ttft is null && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String && content.GetString()!.Length > 0)
            {
                ttft = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                prompt = usage.TryGetProperty("prompt_tokens", out var pt) ? pt.GetInt32() : 0;
                cached = usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object
                         && details.TryGetProperty("cached_tokens", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetInt32() : 0;
            }
        }

        return new Sample(ttft ?? throw new InvalidOperationException("the stream carried no content"), prompt, cached, worker);
    }

    private sealed record Sample(double TtftMs, int PromptTokens, int CachedTokens, string? Worker);
}
