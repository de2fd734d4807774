using System.Buffers;
using System.Text.Json;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary><c>chat.completion</c> / <c>chat.completion.chunk</c> bodies.</summary>
internal sealed class ChatResponseShape : IResponseShape
{
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;

    public ChatResponseShape(string id, long created, string model, bool hasReasoning)
    {
        _id = id;
        _created = created;
        _model = model;
        Content = ChunkTemplate.Create(Chunk(new ChatDelta { Content = ChunkTemplate.Sentinel }, null), ProtocolJsonContext.Default.ChatCompletionChunk);
        Reasoning = hasReasoning
            ? ChunkTemplate.Create(Chunk(new ChatDelta { ReasoningContent = ChunkTemplate.Sentinel }, null), ProtocolJsonContext.Default.ChatCompletionChunk)
            : null;
    }

    public ChunkTemplate Content { get; }

    public ChunkTemplate? Reasoning { get; }

    public ChatCompletionChunk Chunk(ChatDelta delta, string? finishReason) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new ChatChunkChoice { Index = 0, Delta = delta, FinishReason = finishReason }],
    };

    public void WriteOpening(IBufferWriter<byte> writer) =>
        SseFraming.WriteJsonEvent(writer, Chunk(new ChatDelta { Role = "assistant", Content = string.Empty }, null), ProtocolJsonContext.Default.ChatCompletionChunk);

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason) =>
        SseFraming.WriteJsonEvent(writer, Chunk(new ChatDelta(), finishReason), ProtocolJsonContext.Default.ChatCompletionChunk);

    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage) =>
        SseFraming.WriteJsonEvent(
            writer,
            new ChatCompletionChunk { Id = _id, Created = _created, Model = _model, Choices = [], Usage = usage },
            ProtocolJsonContext.Default.ChatCompletionChunk);

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        var completion = response.Completion;
        var body = new ChatCompletionResponse
        {
            Id = _id,
            Created = _created,
            Model = _model,
            Choices =
            [
                new ChatChoice
                {
                    Index = 0,
                    Message = new ChatResponseMessage
                    {
                        Content = response.Vocabulary.Concat(completion.Content),
                        ReasoningContent = completion.Reasoning.Length > 0 ? response.Vocabulary.Concat(completion.Reasoning) : null,
                    },
                    FinishReason = completion.FinishReason,
                },
            ],
            Usage = response.Usage,
        };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ProtocolJsonContext.Default.ChatCompletionResponse, context.RequestAborted);
    }
}
