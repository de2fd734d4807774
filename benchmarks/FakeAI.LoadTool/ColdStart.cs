using System.Globalization;
using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Metrics;

namespace FakeAI.LoadTool;

/// <summary>
/// The cold-start benchmark: starts a fresh <c>fakeai server</c> process RUNS times and, as soon as it prints that it
/// is listening, fires CONCURRENCY streams at it at once; reports TTFT p50 and max of those first requests per run and
/// over all runs. The client warms itself first against a throwaway server, so the figures are the server's cold start,
/// not this process's.
/// </summary>
internal static class ColdStart
{
    private const int Tokens = 100;

    // Usage: FakeAI.LoadTool coldstart FAKEAI_DLL RUNS CONCURRENCY [server flags…]
    public static async Task<int> RunAsync(string[] args)
    {
        var fakeai = args[0];
        var runs = int.Parse(args[1], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[2], CultureInfo.InvariantCulture);
        var serverFlags = args[3..];

        await using (var warmup = await ServerProcess.StartAsync(fakeai, ["--ttft", "0", "--itl", "0", "--no-kv-cache"]))
        {
            for (var i = 0; i < 3; i++)
            {
                await BurstAsync(warmup.Url, concurrency);
            }
        }

        var p50s = new List<double>();
        var maxes = new List<double>();
        var all = new List<double>();
        Console.WriteLine($"cold start: {runs} fresh servers (fakeai server {string.Join(' ', serverFlags)}), {concurrency} concurrent {Tokens}-token streams each");
        for (var run = 1; run <= runs; run++)
        {
            await using var server = await ServerProcess.StartAsync(fakeai, serverFlags);
            var ttfts = await BurstAsync(server.Url, concurrency);
            var summary = Statistics.Summarize(ttfts);
            p50s.Add(summary.Percentile(50));
            maxes.Add(summary.Max);
            all.AddRange(ttfts);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: ready after {server.ReadyAfterMs:F0} ms; ttft_ms p50={summary.Percentile(50):F2} p90={summary.Percentile(90):F2} max={summary.Max:F2} min={summary.Min:F2}"));
        }

        var overall = Statistics.Summarize([.. all]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all runs: ttft_ms p50 of runs {p50s.Min():F2}-{p50s.Max():F2} (median {Statistics.Summarize([.. p50s]).Percentile(50):F2}), max of runs {maxes.Min():F2}-{maxes.Max():F2} (median {Statistics.Summarize([.. maxes]).Percentile(50):F2}); pooled p50={overall.Percentile(50):F2} max={overall.Max:F2}"));
        return 0;
    }

    /// <summary>CONCURRENCY streams started together on new connections; each timed from before its connect to its first token.</summary>
    private static async Task<double[]> BurstAsync(Uri url, int concurrency)
    {
        var endpoint = new Uri(url, "/v1/chat/completions");
        using var pool = new BenchConnectionPool(endpoint, TimeSpan.FromSeconds(30));
        var template = new RequestTemplate(endpoint, streaming: true, apiKey: null, headers: []);
        var payload = Encoding.UTF8.GetBytes($$"""{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"hello"}],"max_tokens":{{Tokens}},"stream":true}""");
        var timings = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => StreamTimer.RunAsync(pool, template, payload, Tokens)));
        if (timings.Any(t => t.Tokens != Tokens))
        {
            throw new InvalidOperationException("a stream ended early");
        }

        return [.. timings.Select(t => t.TtftMs)];
    }
}
