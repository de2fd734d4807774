using System.Diagnostics;
using System.Globalization;
using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Metrics;
using FakeAI.LoadTool;

// Client-side stream timing at a steady concurrency: N closed-loop workers, each starting at a random offset within one
// stream's duration (so starts are spread out as in a long benchmark, not one synchronized burst), stream back to back
// for the given duration. Each stream is timed from send to its first content token (TTFT) and between its first and
// last content token (mean ITL = span / (tokens − 1)). Streams that started during the ramp-up are not counted.
// The client is fakeai profile's own HTTP/1.1 client ("bench", default), HttpClient ("httpclient") or one epoll thread
// with no HTTP library ("epoll", the least CPU taken from a server on the same cores; Linux x64).
// Usage: FakeAI.LoadTool URL CONCURRENCY TOKENS SECONDS EXPECTED_STREAM_MS [bench|httpclient|epoll]
//    or: FakeAI.LoadTool coldstart FAKEAI_DLL RUNS CONCURRENCY [server flags…] (see ColdStart)
//    or: FakeAI.LoadTool soak FAKEAI_DLL SECONDS RATE TOKENS CSV [server flags…] (see Soak)
//    or: FakeAI.LoadTool arrivals PORT REQUESTS [SKIP] (see ArrivalRecorder)
//    or: FakeAI.LoadTool engine batching|delay SEQUENCES WORKERS PROMPT OUTPUT WARMUP_S SECONDS TTFT ITL MAX_NUM_SEQS (see EngineInProcess)
if (args.Length > 0 && args[0] == "coldstart")
{
    return await ColdStart.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "arrivals")
{
    return ArrivalRecorder.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "engine")
{
    return await EngineInProcess.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "soak")
{
    return await Soak.RunAsync(args[1..]);
}

var url = args.Length > 0 ? args[0] : "http://127.0.0.1:8000";
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var tokens = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 20;
var streamMs = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1100;
var mode = args.Length > 5 ? args[5] : "bench";
var useHttpClient = mode == "httpclient";

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
var body = $$"""{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"hello"}],"max_tokens":{{tokens}},"stream":true}""";
var endpoint = new Uri(new Uri(url), "/v1/chat/completions");
using var pool = new BenchConnectionPool(endpoint, TimeSpan.FromSeconds(30));
var template = new RequestTemplate(endpoint, streaming: true, apiKey: null, headers: []);
var payload = Encoding.UTF8.GetBytes(body);

var started = Stopwatch.GetTimestamp();
var rampEnd = started + (long)(streamMs * 2 * Stopwatch.Frequency / 1000);
var deadline = started + (long)(seconds * Stopwatch.Frequency);
var results = new System.Collections.Concurrent.ConcurrentBag<StreamTiming>();

async Task WorkerAsync(int seed)
{
    await Task.Delay(TimeSpan.FromMilliseconds(new Random(seed).NextDouble() * streamMs));
    while (Stopwatch.GetTimestamp() < deadline)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var timing = useHttpClient
            ? await StreamTimer.RunAsync(client, body, tokens)
            : await StreamTimer.RunAsync(pool, template, payload, tokens);
        if (sentAt >= rampEnd)
        {
            results.Add(timing);
        }
    }
}

if (mode == "epoll")
{
    foreach (var timing in EpollStreamClient.Run(new Uri(url), concurrency, tokens, seconds, streamMs))
    {
        results.Add(timing);
    }
}
else
{
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WorkerAsync));
}

var all = results.ToArray();
var ok = all.Where(r => r.Tokens == tokens).ToArray();
var ttft = Statistics.Summarize(ok.Select(r => r.TtftMs).ToArray());
var itls = ok.Select(r => r.MeanItlMs).ToArray();
string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
Console.WriteLine($"client={mode} measured_streams={all.Length} complete={ok.Length} concurrency={concurrency} tokens={tokens} seconds={seconds}");
Console.WriteLine($"ttft_ms p50={F(ttft.Percentile(50))} p90={F(ttft.Percentile(90))} p99={F(ttft.Percentile(99))} mean={F(ttft.Avg)}");
Console.WriteLine($"itl_ms mean={F(itls.Average())} min_stream={F(itls.Min())} max_stream={F(itls.Max())}");
return 0;
