using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace FakeAI.LoadTool;

/// <summary>
/// The lightest client this machine allows, so the client takes as little CPU from the measured server as it can (as
/// wrk does): one thread, non-blocking sockets, <c>epoll</c>, one <c>recv</c> per ready socket, no HTTP library. It only
/// counts SSE events ("\ndata: " cannot occur inside a JSON line) and stamps the read that completed event 2 (the first
/// content token after the role chunk) and event TOKENS + 1 (the last). Linux x64 only.
/// </summary>
internal static partial class EpollStreamClient
{
    private const int EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private const int Eagain = 11;
    private static readonly byte[] EventStart = "\ndata: "u8.ToArray();
    private static readonly byte[] Done = "\ndata: [DONE]"u8.ToArray();
    private static readonly byte[] LastChunk = "\r\n0\r\n\r\n"u8.ToArray();

    public static List<StreamTiming> Run(Uri url, int concurrency, int tokens, double seconds, double streamMs)
    {
        if (RuntimeInformation.OSArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll client needs Linux x64; pass 'bench' or 'httpclient'");
        }

        var body = Encoding.UTF8.GetBytes($$"""{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"hello"}],"max_tokens":{{tokens}},"stream":true}""");
        byte[] request = [.. Encoding.ASCII.GetBytes($"POST /v1/chat/completions HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
        var frequency = Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var rampEnd = started + (long)(streamMs * 2 * frequency / 1000);
        var deadline = started + (long)(seconds * frequency);
        var random = new Random(1);
        var epoll = EpollCreate1(0);
        var connections = new Connection[concurrency];
        var waiting = new PriorityQueue<int, long>();
        for (var i = 0; i < concurrency; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
            socket.Blocking = false;
            connections[i] = new Connection(socket);
            var registration = new EpollEvent { Events = EpollIn, Data = (ulong)i };
            if (EpollCtl(epoll, EpollCtlAdd, (int)socket.Handle, ref registration) != 0)
            {
                throw new IOException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
            }

            // Starts spread over one stream's duration, as the other clients do.
            waiting.Enqueue(i, started + (long)(random.NextDouble() * streamMs * frequency / 1000));
        }

        var results = new List<StreamTiming>();
        var events = new EpollEvent[1024];
        var buffer = new byte[64 * 1024];
        var open = concurrency;
        while (open > 0)
        {
            var now = Stopwatch.GetTimestamp();
            while (waiting.TryPeek(out var due, out var at) && at <= now)
            {
                waiting.Dequeue();
                if (now >= deadline)
                {
                    open--;
                    continue;
                }

                connections[due].Start(request, now);
            }

            var timeoutMs = waiting.TryPeek(out _, out var next) ? (int)Math.Clamp((next - now) * 1000 / frequency, 0, 1) : 1;
            var ready = EpollWait(epoll, events, events.Length, timeoutMs);
            for (var e = 0; e < ready; e++)
            {
                var index = (int)events[e].Data;
                var connection = connections[index];
                while (true)
                {
                    var read = (int)Recv((int)connection.Socket.Handle, buffer, buffer.Length, 0);
                    if (read <= 0)
                    {
                        if (read == 0 || Marshal.GetLastPInvokeError() != Eagain)
                        {
                            throw new IOException($"connection {index} closed by the server");
                        }

                        break;
                    }

                    var stamp = Stopwatch.GetTimestamp();
                    if (connection.Consume(buffer.AsSpan(0, read), stamp, tokens))
                    {
                        if (connection.SentAt >= rampEnd)
                        {
                            results.Add(connection.Timing(tokens));
                        }

                        waiting.Enqueue(index, stamp);
                    }
                }
            }
        }

        foreach (var connection in connections)
        {
            connection.Socket.Dispose();
        }

        return results;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, ref EpollEvent registration);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epfd, [Out] EpollEvent[] events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, [Out] byte[] buffer, nint length, int flags);

    /// <summary>struct epoll_event, packed on x86-64.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>One keep-alive connection and the response being read on it.</summary>
    private sealed class Connection(Socket socket)
    {
        private readonly byte[] _tail = new byte[16];
        private int _tailLength;
        private int _events;
        private bool _done;
        private long _first;
        private long _last;

        public Socket Socket { get; } = socket;

        public long SentAt { get; private set; }

        public void Start(byte[] request, long now)
        {
            _tailLength = 0;
            _events = 0;
            _done = false;
            SentAt = now;
            Socket.Send(request);
        }

        /// <summary>Counts the events in one read; true when the response ended with it.</summary>
        public bool Consume(ReadOnlySpan<byte> read, long stamp, int tokens)
        {
            // Patterns may straddle two reads: scan the previous read's tail together with the new bytes.
            byte[]? rented = null;
            var joined = _tailLength == 0 ? read : Join(read, out rented);
            try
            {
                var from = 0;
                while (true)
                {
                    var at = joined[from..].IndexOf(EventStart);
                    if (at < 0)
                    {
                        break;
                    }

                    from += at + EventStart.Length;

                    // An event straddling the tail was counted with the previous read.
                    if (from <= _tailLength)
                    {
                        continue;
                    }

                    _events++;
                    if (_events == 2)
                    {
                        _first = stamp;
                    }

                    if (_events == tokens + 1)
                    {
                        _last = stamp;
                    }
                }

                _done = _done || joined.IndexOf(Done) >= 0;
                var ended = _done && joined.IndexOf(LastChunk) >= 0;
                var keep = Math.Min(_tail.Length, joined.Length);
                joined[^keep..].CopyTo(_tail);
                _tailLength = keep;
                return ended;
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        public StreamTiming Timing(int tokens)
        {
            var ticksPerMs = Stopwatch.Frequency / 1000.0;
            var received = Math.Max(0, Math.Min(tokens, _events - 1));
            var itl = tokens > 1 ? (_last - _first) / ticksPerMs / (tokens - 1) : 0;
            return new StreamTiming(received, (_first - SentAt) / ticksPerMs, itl);
        }

        private ReadOnlySpan<byte> Join(ReadOnlySpan<byte> read, out byte[] rented)
        {
            rented = System.Buffers.ArrayPool<byte>.Shared.Rent(_tailLength + read.Length);
            _tail.AsSpan(0, _tailLength).CopyTo(rented);
            read.CopyTo(rented.AsSpan(_tailLength));
            return rented.AsSpan(0, _tailLength + read.Length);
        }
    }
}
