using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FakeAI.LoadTool;

/// <summary>
/// How evenly requests arrive at a server: a minimal HTTP/1.1 keep-alive server that answers every request with a tiny
/// non-streaming chat completion and stamps the moment each request's first bytes are read. Each connection has its own
/// thread blocked in <c>recv</c>, so a stamp is taken as soon as the kernel wakes it (tens of microseconds), with no
/// event loop or thread pool between the socket and the clock. After N requests it prints the gaps' mean, coefficient of
/// variation (std / mean), percentiles and max, skipping the first K arrivals.
/// </summary>
internal static class ArrivalRecorder
{
    private static readonly byte[] Response = BuildResponse();

    // Usage: FakeAI.LoadTool arrivals PORT REQUESTS [SKIP]
    public static int Run(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var requests = int.Parse(args[1], CultureInfo.InvariantCulture);
        var skip = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var arrivals = new long[requests];
        var count = 0;
        using var done = new ManualResetEventSlim();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        Console.WriteLine($"recording {requests} arrivals on http://127.0.0.1:{port}");
        var acceptor = new Thread(() =>
        {
            while (!done.IsSet)
            {
                Socket connection;
                try
                {
                    connection = listener.Accept();
                }
                catch (SocketException)
                {
                    return;
                }

                connection.NoDelay = true;
                new Thread(() => Serve(connection, arrivals, ref count, done)) { IsBackground = true, Priority = ThreadPriority.Highest }.Start();
            }
        }) { IsBackground = true };
        acceptor.Start();
        done.Wait();
        Summarize(arrivals, skip);
        return 0;
    }

    private static void Serve(Socket connection, long[] arrivals, ref int count, ManualResetEventSlim done)
    {
        var buffer = new byte[1 << 16];
        var pending = 0;
        var stamped = false;
        try
        {
            while (true)
            {
                var read = connection.Receive(buffer, pending, buffer.Length - pending, SocketFlags.None);
                var now = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    return;
                }

                if (!stamped)
                {
                    var index = Interlocked.Increment(ref count) - 1;
                    if (index < arrivals.Length)
                    {
                        arrivals[index] = now;
                    }

                    stamped = true;
                }

                pending += read;
                while (TryTakeRequest(buffer, ref pending))
                {
                    connection.Send(Response);
                    stamped = false;
                    if (Volatile.Read(ref count) >= arrivals.Length)
                    {
                        done.Set();
                    }

                    if (pending > 0)
                    {
                        // A pipelined request was already here when the previous one ended.
                        var index = Interlocked.Increment(ref count) - 1;
                        if (index < arrivals.Length)
                        {
                            arrivals[index] = now;
                        }

                        stamped = true;
                    }
                }
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>Removes one complete request (headers + Content-Length body) from the front of the buffer, if there is one.</summary>
    private static bool TryTakeRequest(byte[] buffer, ref int pending)
    {
        var span = buffer.AsSpan(0, pending);
        var end = span.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(span[..end]);
        var length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
        }

        var total = end + 4 + length;
        if (pending < total)
        {
            return false;
        }

        span[total..].CopyTo(buffer);
        pending -= total;
        return true;
    }

    private static void Summarize(long[] arrivals, int skip)
    {
        var ordered = arrivals.Order().Skip(skip).ToArray();
        var gaps = ordered.Zip(ordered.Skip(1), (a, b) => (b - a) * 1000.0 / Stopwatch.Frequency).ToArray();
        var mean = gaps.Average();
        var std = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
        var sorted = gaps.Order().ToArray();
        double P(double p) => sorted[(int)Math.Round(p / 100 * (sorted.Length - 1))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"arrivals={ordered.Length} gaps={gaps.Length} mean_ms={mean:F4} cv={std / mean:F4} p1_ms={P(1):F3} p50_ms={P(50):F3} p99_ms={P(99):F3} max_ms={sorted[^1]:F3} span_s={(ordered[^1] - ordered[0]) / (double)Stopwatch.Frequency:F4}"));
    }

    private static byte[] BuildResponse()
    {
        var body = """{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }
}
