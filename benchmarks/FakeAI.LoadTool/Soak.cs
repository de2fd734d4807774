using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Metrics;

namespace FakeAI.LoadTool;

/// <summary>
/// The soak benchmark: a fresh <c>fakeai server</c> process fed unique prompts (a sequence number first, so no two
/// share even their first KV block and the prefix cache stays full and evicting) at a steady open-loop rate for a fixed
/// time. Every minute it prints the streams completed in that minute (TTFT p50/p99/max, mean ITL, errors) beside the
/// server's resident memory, managed heap, garbage collections by generation and KV cache usage, read from its
/// <c>/metrics</c>; at the end, the resident-memory slope and the latency of the first and last five minutes.
/// </summary>
internal static class Soak
{
    private const int PromptWords = 350;
    private const int CompareMinutes = 5;

    // Usage: FakeAI.LoadTool soak FAKEAI_DLL SECONDS RATE TOKENS CSV [server flags…]
    public static async Task<int> RunAsync(string[] args)
    {
        var fakeai = args[0];
        var seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
        var tokens = int.Parse(args[3], CultureInfo.InvariantCulture);
        var csvPath = args[4];
        var serverFlags = args[5..];

        await using var server = await ServerProcess.StartAsync(fakeai, serverFlags);
        using var scraper = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new Uri(server.Url, "/v1/chat/completions");
        using var pool = new BenchConnectionPool(endpoint, TimeSpan.FromSeconds(30));
        var template = new RequestTemplate(endpoint, streaming: true, apiKey: null, headers: []);
        var words = WordList(seed: 42);
        var completed = new ConcurrentQueue<Completion>();
        var inFlight = new ConcurrentDictionary<long, Task>();

        Console.WriteLine($"soak: fakeai server {string.Join(' ', serverFlags)}; {rate.ToString(CultureInfo.InvariantCulture)} unique prompts/s of {PromptWords} words, {tokens} tokens each, for {seconds.ToString(CultureInfo.InvariantCulture)} s");
        await using var csv = new StreamWriter(csvPath);
        const string header = "minute,sent,ok,errors,ttft_p50_ms,ttft_p99_ms,ttft_max_ms,itl_mean_ms,rss_mb,managed_mb,gc0,gc1,gc2,kv_usage";
        await csv.WriteLineAsync(header);
        Console.WriteLine(header);

        var rows = new List<Row>();
        var started = Stopwatch.GetTimestamp();
        var total = (long)(seconds * rate);
        var nextReport = 60.0;
        for (long i = 0; i < total; i++)
        {
            var dueSeconds = i / rate;
            if (dueSeconds >= nextReport)
            {
                rows.Add(await ReportAsync(scraper, rows.Count + 1, i, completed, csv));
                nextReport += 60;
            }

            var wait = dueSeconds - Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            var payload = Encoding.UTF8.GetBytes(Body(i, words, tokens));
            var id = i;
            inFlight[id] = Task.Run(async () =>
            {
                try
                {
                    var timing = await StreamTimer.RunAsync(pool, template, payload, tokens);
                    completed.Enqueue(new Completion(timing.Tokens == tokens, timing.TtftMs, timing.MeanItlMs));
                }
                catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
                {
                    completed.Enqueue(new Completion(false, 0, 0));
                }
                finally
                {
                    inFlight.TryRemove(id, out _);
                }
            });
        }

        await Task.WhenAll(inFlight.Values);
        rows.Add(await ReportAsync(scraper, rows.Count + 1, total, completed, csv));
        Summarize(rows);
        return rows.Sum(r => r.Errors) == 0 ? 0 : 1;
    }

    private static async Task<Row> ReportAsync(HttpClient scraper, int minute, long sent, ConcurrentQueue<Completion> completed, StreamWriter csv)
    {
        var batch = new List<Completion>();
        while (completed.TryDequeue(out var c))
        {
            batch.Add(c);
        }

        var ok = batch.Where(c => c.Ok).ToArray();
        var ttft = Statistics.Summarize(ok.Length > 0 ? [.. ok.Select(c => c.TtftMs)] : [0.0]);
        var metrics = ParseMetrics(await scraper.GetStringAsync("/metrics"));
        var row = new Row(
            minute,
            sent,
            ok.Length,
            batch.Count - ok.Length,
            ttft.Percentile(50),
            ttft.Percentile(99),
            ttft.Max,
            ok.Length > 0 ? ok.Average(c => c.ItlMs) : 0,
            metrics.GetValueOrDefault("process_resident_memory_bytes") / 1048576,
            metrics.GetValueOrDefault("dotnet_total_memory_bytes") / 1048576,
            metrics.GetValueOrDefault("dotnet_collection_count_total{generation=\"0\"}"),
            metrics.GetValueOrDefault("dotnet_collection_count_total{generation=\"1\"}"),
            metrics.GetValueOrDefault("dotnet_collection_count_total{generation=\"2\"}"),
            metrics.Where(m => m.Key.Contains("kv_cache_usage_perc", StringComparison.Ordinal)).Select(m => m.Value).DefaultIfEmpty(0).Average());
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{row.Minute},{row.Sent},{row.Ok},{row.Errors},{row.TtftP50:F2},{row.TtftP99:F2},{row.TtftMax:F2},{row.ItlMean:F3},{row.RssMb:F1},{row.ManagedMb:F1},{row.Gc0:F0},{row.Gc1:F0},{row.Gc2:F0},{row.KvUsage:F3}");
        await csv.WriteLineAsync(line);
        await csv.FlushAsync();
        Console.WriteLine(line);
        return row;
    }

    private static void Summarize(List<Row> rows)
    {
        // The first minutes fill the KV cache and grow the heap to its working size; the slope is taken after them.
        var steady = rows.Skip(CompareMinutes).ToArray();
        var slope = steady.Length >= 2 ? Slope(steady.Select(r => (double)r.Minute).ToArray(), steady.Select(r => r.RssMb).ToArray()) * 60 : double.NaN;
        var first = rows.Take(CompareMinutes).ToArray();
        var last = rows.Skip(Math.Max(0, rows.Count - 1 - CompareMinutes)).Take(CompareMinutes).ToArray();
        string Latency(Row[] window) => string.Create(CultureInfo.InvariantCulture,
            $"ttft p50 {window.Average(r => r.TtftP50):F2} ms, p99 {window.Average(r => r.TtftP99):F2} ms, max {window.Max(r => r.TtftMax):F2} ms, itl mean {window.Average(r => r.ItlMean):F3} ms");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: {rows[^1].Sent} sent, {rows.Sum(r => r.Ok)} ok, {rows.Sum(r => r.Errors)} errors; rss {rows[0].RssMb:F0} MB at minute 1, {rows.Max(r => r.RssMb):F0} MB peak, {rows[^1].RssMb:F0} MB at the end; slope after minute {CompareMinutes} {slope:F1} MB/hour; gc gen0/gen1/gen2 {rows[^1].Gc0:F0}/{rows[^1].Gc1:F0}/{rows[^1].Gc2:F0}"));
        Console.WriteLine($"first {CompareMinutes} minutes: {Latency(first)}");
        Console.WriteLine($"last {CompareMinutes} minutes:  {Latency(last)}");
    }

    private static double Slope(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var num = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var den = x.Sum(a => (a - mx) * (a - mx));
        return num / den;
    }

    private static Dictionary<string, double> ParseMetrics(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    private static string Body(long sequence, string[] words, int tokens)
    {
        var random = new Random(unchecked((int)sequence));
        var prompt = new StringBuilder("soak request ").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append(':');
        for (var w = 0; w < PromptWords; w++)
        {
            prompt.Append(' ').Append(words[random.Next(words.Length)]);
        }

        return $$"""{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"{{prompt}}"}],"max_tokens":{{tokens}},"stream":true}""";
    }

    private static string[] WordList(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 2000).Select(_ => new string([.. Enumerable.Range(0, random.Next(3, 9)).Select(_ => (char)('a' + random.Next(26)))]))];
    }

    private readonly record struct Completion(bool Ok, double TtftMs, double ItlMs);

    private sealed record Row(int Minute, long Sent, int Ok, int Errors, double TtftP50, double TtftP99, double TtftMax, double ItlMean, double RssMb, double ManagedMb, double Gc0, double Gc1, double Gc2, double KvUsage);
}
