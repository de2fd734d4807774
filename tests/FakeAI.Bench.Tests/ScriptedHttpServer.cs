using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FakeAI.Bench.Tests;

/// <summary>
/// A loopback HTTP/1.1 server that answers every request with a scripted byte sequence (with pauses), so tests control
/// chunk boundaries and timing exactly. One response per connection (Connection: close).
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, IReadOnlyList<(string Text, int DelayMs)>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _requests;

    public ScriptedHttpServer(Func<string, IReadOnlyList<(string Text, int DelayMs)>> script)
    {
        _script = script;
        _listener.Start(1024);
        _accept = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Bodies { get; } = [];

    public static string Sse(params string[] events) =>
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + string.Concat(events.Select(e => $"data: {e}\n\n"));

    public static string SseHeader => "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

    public static string Json(int status, string body) =>
        $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Internal Server Error")}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public static string Chunk(string? content = null, string? reasoning = null, string? role = null)
    {
        var delta = new List<string>();
        if (role is not null)
        {
            delta.Add($"\"role\":\"{role}\"");
        }

        if (content is not null)
        {
            delta.Add($"\"content\":\"{content}\"");
        }

        if (reasoning is not null)
        {
            delta.Add($"\"reasoning_content\":\"{reasoning}\"");
        }

        return $"{{\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{{string.Join(',', delta)}}}}}]}}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var body = await ReadRequestBodyAsync(stream);
                if (body is null)
                {
                    return; // a bare connect, e.g. the client's reachability check
                }

                Interlocked.Increment(ref _requests);
                lock (Bodies)
                {
                    Bodies.Add(body);
                }

                foreach (var (text, delay) in _script(body))
                {
                    if (delay > 0)
                    {
                        await Task.Delay(delay, _stop.Token);
                    }

                    var bytes = Encoding.UTF8.GetBytes(text);
                    await stream.WriteAsync(bytes, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }

                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // Client went away or server stopping.
            }
        }
    }

    private static async Task<string?> ReadRequestBodyAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var read = await stream.ReadAsync(one);
            if (read == 0)
            {
                return null;
            }

            buffer.AddRange(one.AsSpan(0, read));
        }

        var headers = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]);
        var length = headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        while (buffer.Count - headerEnd - 4 < length)
        {
            var read = await stream.ReadAsync(one);
            if (read == 0)
            {
                break;
            }

            buffer.AddRange(one.AsSpan(0, read));
        }

        return Encoding.UTF8.GetString([.. buffer.Skip(headerEnd + 4)]);
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
