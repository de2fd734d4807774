using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FakeAI.Protocol.Timing;

namespace SseFloor;

/// <summary>
/// One thread, ten nice levels up where allowed (as FakeAI's scheduler): sleeps until the earliest due token, then sends
/// every due token with one blocking send each, in due order.
/// </summary>
internal sealed class FloorSender : IDisposable
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
    private static readonly byte[] Role = Chunk("""data: {"id":"chatcmpl-floor","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");
    private static readonly byte[] Token = Chunk("""data: {"id":"chatcmpl-floor","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" word"},"finish_reason":null}]}""");
    private static readonly byte[] End = [.. Chunk("""data: {"id":"chatcmpl-floor","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""" + "\n\ndata: [DONE]"), .. "0\r\n\r\n"u8];
    private static readonly byte[] First = [.. Head, .. Role, .. Token];

    private readonly long _ttft;
    private readonly long _itl;
    private readonly ConcurrentQueue<FloorStream> _added = new();
    private readonly PriorityQueue<FloorStream, long> _due = new();
    private readonly Thread _thread;
    private volatile bool _stopped;

    public FloorSender(double ttftMs, double itlMs)
    {
        _ttft = (long)(ttftMs * Stopwatch.Frequency / 1000);
        _itl = (long)(itlMs * Stopwatch.Frequency / 1000);
        _thread = new Thread(Run) { IsBackground = true, Name = "SseFloor sender" };
    }

    public void Start() => _thread.Start();

    public void Add(FloorStream stream) => _added.Enqueue(stream);

    public void Dispose() => _stopped = true;

    private static byte[] Chunk(string sseData)
    {
        var payload = Encoding.UTF8.GetBytes(sseData + "\n\n");
        return [.. Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n"), .. payload, (byte)'\r', (byte)'\n'];
    }

    private void Run()
    {
        ThreadPriorityBoost.TryRaiseCurrentThread();
        while (!_stopped)
        {
            while (_added.TryDequeue(out var added))
            {
                _due.Enqueue(added, added.RequestRead + _ttft);
            }

            var now = Stopwatch.GetTimestamp();
            if (!_due.TryPeek(out var stream, out var due) || due > now)
            {
                // New requests arrive at any time, so sleep at most 0.5 ms.
                var wait = stream is null ? Stopwatch.Frequency / 2000 : Math.Min(due - now, Stopwatch.Frequency / 2000);
                PreciseSleep.For(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
                continue;
            }

            _due.Dequeue();
            Send(stream);
        }
    }

    private void Send(FloorStream stream)
    {
        try
        {
            stream.Socket.Send(stream.Sent == 0 ? First : Token);
            stream.Sent++;
            if (stream.Sent < stream.Tokens)
            {
                _due.Enqueue(stream, stream.RequestRead + _ttft + (stream.Sent * _itl));
                return;
            }

            stream.Socket.Send(End);
            _ = RequestReader.ReadNextAsync(stream.Socket, this);
        }
        catch (SocketException)
        {
            stream.Socket.Dispose();
        }
    }
}
