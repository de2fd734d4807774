using System.Diagnostics;
using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Protocol.Sse;

namespace FakeAI.LoadTool;

internal readonly record struct StreamTiming(int Tokens, double TtftMs, double MeanItlMs);

/// <summary>
/// Times one stream with the client's own SSE parser: event 1 is the role chunk, events 2..tokens+1 carry one content
/// token each; each event is stamped with the arrival of its first byte (aiperf's rule).
/// </summary>
internal sealed class StreamTimer : ISseEventSink
{
    private readonly int _tokens;
    private int _events;
    private long _first;
    private long _last;

    private StreamTimer(int tokens) => _tokens = tokens;

    public static async Task<StreamTiming> RunAsync(HttpClient client, string body, int tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var sent = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var parser = new SseParser();
        var timer = new StreamTimer(tokens);
        await SseStreamReader.ReadToEndAsync(stream, parser, timer, CancellationToken.None);
        return timer.Timing(sent);
    }

    /// <summary>The same timing through fakeai profile's own HTTP/1.1 client (one keep-alive connection per stream at a time).</summary>
    public static async Task<StreamTiming> RunAsync(BenchConnectionPool pool, RequestTemplate template, byte[] payload, int tokens)
    {
        var sent = Stopwatch.GetTimestamp();
        var (connection, _) = await pool.RentAsync(CancellationToken.None);
        try
        {
            await connection.SendAsync(template, "load", "load", payload, CancellationToken.None);
            var head = await connection.ReadHeadAsync(CancellationToken.None);
            if (head.StatusCode != 200)
            {
                throw new HttpRequestException($"HTTP {head.StatusCode}");
            }

            using var parser = new SseParser();
            var timer = new StreamTimer(tokens);
            await SseStreamReader.ReadToEndAsync(connection.Body, parser, timer, CancellationToken.None);
            return timer.Timing(sent);
        }
        finally
        {
            pool.Return(connection);
        }
    }

    private StreamTiming Timing(long sent)
    {
        var received = Math.Max(0, Math.Min(_tokens, _events - 1));
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        var itl = _tokens > 1 ? (_last - _first) / ticksPerMs / (_tokens - 1) : 0;
        return new StreamTiming(received, (_first - sent) / ticksPerMs, itl);
    }

    public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp)
    {
        _events++;
        if (_events == 2)
        {
            _first = firstByteTimestamp;
        }

        if (_events == _tokens + 1)
        {
            _last = firstByteTimestamp;
        }
    }
}
