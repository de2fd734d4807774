using System.Diagnostics;
using System.Text;
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

        var received = Math.Max(0, Math.Min(tokens, timer._events - 1));
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        var itl = tokens > 1 ? (timer._last - timer._first) / ticksPerMs / (tokens - 1) : 0;
        return new StreamTiming(received, (timer._first - sent) / ticksPerMs, itl);
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
