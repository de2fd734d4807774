using System.Net.Sockets;

namespace SseFloor;

/// <summary>One response in flight: its socket, when its request was read, its next token and when that is due.</summary>
internal sealed class FloorStream(Socket socket, long requestRead, int tokens)
{
    public Socket Socket { get; } = socket;

    public long RequestRead { get; } = requestRead;

    public int Tokens { get; } = tokens;

    public int Sent { get; set; }
}
