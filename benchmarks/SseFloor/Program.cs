using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SseFloor;

// The streaming floor the accuracy benchmark is compared with: no HTTP framework, the same wire bytes as a FakeAI chat
// stream (chunked SSE, role + content chunks of the same size, [DONE]), one sending thread that sends every due token
// with one blocking send on the absolute schedule TTFT + k·ITL from the moment the request was read. What this cannot
// keep on time, no server on the same cores can.
// Usage: SseFloor PORT [TTFT_MS ITL_MS]; the token count is the request's "max_tokens".
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var ttftMs = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var itlMs = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;

using var sender = new FloorSender(ttftMs, itlMs);
sender.Start();
using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
listener.Listen(4096);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SseFloor on 127.0.0.1:{port}, TTFT {ttftMs} ms, ITL {itlMs} ms"));
while (true)
{
    var socket = await listener.AcceptAsync();
    socket.NoDelay = true;
    _ = RequestReader.ReadNextAsync(socket, sender);
}
