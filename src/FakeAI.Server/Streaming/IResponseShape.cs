using System.Buffers;
using FakeAI.Protocol.Usage;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>How one endpoint (chat or legacy completions) spells its chunks and its non-streaming body.</summary>
internal interface IResponseShape
{
    ChunkTemplate Content { get; }

    /// <summary>Null when the endpoint has no reasoning channel.</summary>
    ChunkTemplate? Reasoning { get; }

    void WriteOpening(IBufferWriter<byte> writer);

    void WriteFinish(IBufferWriter<byte> writer, string finishReason);

    void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage);

    Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response);
}
