using System.Buffers;
using FakeAI.Protocol.Usage;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// How one endpoint (chat or legacy completions) spells its chunks and its non-streaming body. The members without a
/// choice index are choice 0's, for the single-choice fast path.
/// </summary>
internal interface IResponseShape
{
    /// <summary>Choice 0's content template, built once per response.</summary>
    ChunkTemplate Content { get; }

    /// <summary>Choice 0's reasoning template; null when the endpoint has no reasoning channel.</summary>
    ChunkTemplate? Reasoning { get; }

    /// <summary>A new content template for choice <paramref name="choiceIndex"/>.</summary>
    ChunkTemplate ContentTemplate(int choiceIndex);

    /// <summary>A new reasoning template for choice <paramref name="choiceIndex"/>; null without a reasoning channel.</summary>
    ChunkTemplate? ReasoningTemplate(int choiceIndex);

    /// <summary>
    /// Writes choice 0's token <paramref name="index"/> (the first <paramref name="reasoningTokens"/> are reasoning),
    /// whose JSON string form is <paramref name="tokenJson"/>. A shape whose events are numbered (the Responses API's
    /// <c>sequence_number</c>) overrides it, since a fixed template cannot carry the number.
    /// </summary>
    void WriteToken(IBufferWriter<byte> writer, int index, int reasoningTokens, ReadOnlySpan<byte> tokenJson) =>
        (index < reasoningTokens ? Reasoning! : Content).Write(writer, tokenJson);

    void WriteOpening(IBufferWriter<byte> writer) => WriteOpening(writer, 0);

    void WriteOpening(IBufferWriter<byte> writer, int choiceIndex);

    void WriteFinish(IBufferWriter<byte> writer, string finishReason) => WriteFinish(writer, finishReason, 0);

    void WriteFinish(IBufferWriter<byte> writer, string finishReason, int choiceIndex);

    void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage);

    /// <summary>Written before the first content token when reasoning tokens preceded it (Anthropic switches blocks here).</summary>
    void WriteContentStart(IBufferWriter<byte> writer)
    {
    }

    /// <summary>Ends the stream: OpenAI's <c>data: [DONE]</c> unless the API ends otherwise.</summary>
    void WriteEnd(IBufferWriter<byte> writer) => Protocol.Sse.SseFraming.WriteDone(writer);

    /// <summary>
    /// Fails a started stream (the <c>stream-error</c> fault): OpenAI's <c>event: error</c> with its error object, unless
    /// the API reports such a failure otherwise.
    /// </summary>
    void WriteStreamError(IBufferWriter<byte> writer)
    {
        writer.Write("event: error\n"u8);
        Protocol.Sse.SseFraming.WriteJsonEvent(writer, Faults.FaultResponses.StreamError, Protocol.Json.ProtocolJsonContext.Default.ErrorResponse);
    }

    Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response);
}
