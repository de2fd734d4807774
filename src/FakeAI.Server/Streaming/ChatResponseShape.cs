using System.Buffers;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary><c>chat.completion</c> / <c>chat.completion.chunk</c> bodies.</summary>
internal sealed class ChatResponseShape : IResponseShape
{
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly bool _hasReasoning;
    private ChunkTemplate? _content;
    private ChunkTemplate? _reasoning;

    public ChatResponseShape(string id, long created, string model, bool hasReasoning)
    {
        _id = id;
        _created = created;
        _model = model;
        _hasReasoning = hasReasoning;
    }

    // Templates are built on first use: non-streaming responses never need them.
    public ChunkTemplate Content => _content ??= ContentTemplate(0);

    public ChunkTemplate? Reasoning => !_hasReasoning ? null : _reasoning ??= ReasoningTemplate(0);

    public ChunkTemplate ContentTemplate(int choiceIndex) =>
        ChunkTemplate.Create(Chunk(new ChatDelta { Content = ChunkTemplate.Sentinel }, null, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);

    public ChunkTemplate? ReasoningTemplate(int choiceIndex) => !_hasReasoning ? null :
        ChunkTemplate.Create(Chunk(new ChatDelta { ReasoningContent = ChunkTemplate.Sentinel }, null, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);

    public ChatCompletionChunk Chunk(ChatDelta delta, string? finishReason, int choiceIndex = 0) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new ChatChunkChoice { Index = choiceIndex, Delta = delta, FinishReason = finishReason }],
    };

    public void WriteOpening(IBufferWriter<byte> writer, int choiceIndex) =>
        SseFraming.WriteJsonEvent(writer, Chunk(new ChatDelta { Role = "assistant", Content = string.Empty }, null, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason, int choiceIndex) =>
        SseFraming.WriteJsonEvent(writer, Chunk(new ChatDelta(), finishReason, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);

    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage) =>
        SseFraming.WriteJsonEvent(
            writer,
            new ChatCompletionChunk { Id = _id, Created = _created, Model = _model, Choices = [], Usage = usage },
            ProtocolJsonContext.Default.ChatCompletionChunk);

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        var choices = new ChatChoice[response.Choices.Count];
        for (var i = 0; i < choices.Length; i++)
        {
            var completion = response.Choices[i];
            choices[i] = new ChatChoice
            {
                Index = i,
                Message = new ChatResponseMessage
                {
                    Content = completion.ContentText(),
                    ReasoningContent = completion.ReasoningTokens > 0 ? completion.ReasoningText() : null,
                },
                FinishReason = completion.FinishReason,
            };
        }

        var body = new ChatCompletionResponse { Id = _id, Created = _created, Model = _model, Choices = choices, Usage = response.Usage };
        return JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.ChatCompletionResponse);
    }
}
