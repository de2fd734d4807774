using System.Buffers;
using System.Text.Json;
using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary><c>text_completion</c> bodies (legacy completions; no reasoning channel, no role chunk).</summary>
internal sealed class CompletionResponseShape : IResponseShape
{
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly string _echo;

    public CompletionResponseShape(string id, long created, string model, string echo)
    {
        _id = id;
        _created = created;
        _model = model;
        _echo = echo;
        Content = ChunkTemplate.Create(Chunk(ChunkTemplate.Sentinel, null), ProtocolJsonContext.Default.CompletionResponse);
    }

    public ChunkTemplate Content { get; }

    public ChunkTemplate? Reasoning => null;

    public CompletionResponse Chunk(string text, string? finishReason) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new CompletionChoice { Text = text, Index = 0, FinishReason = finishReason }],
    };

    public void WriteOpening(IBufferWriter<byte> writer)
    {
        if (_echo.Length > 0)
        {
            SseFraming.WriteJsonEvent(writer, Chunk(_echo, null), ProtocolJsonContext.Default.CompletionResponse);
        }
    }

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason) =>
        SseFraming.WriteJsonEvent(writer, Chunk(string.Empty, finishReason), ProtocolJsonContext.Default.CompletionResponse);

    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage) =>
        SseFraming.WriteJsonEvent(
            writer,
            new CompletionResponse { Id = _id, Created = _created, Model = _model, Choices = [], Usage = usage },
            ProtocolJsonContext.Default.CompletionResponse);

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        var body = Chunk(_echo + response.Vocabulary.Concat(response.Completion.Content), response.Completion.FinishReason) with { Usage = response.Usage };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ProtocolJsonContext.Default.CompletionResponse, context.RequestAborted);
    }
}
