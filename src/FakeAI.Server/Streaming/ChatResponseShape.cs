using System.Buffers;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// <c>chat.completion</c> / <c>chat.completion.chunk</c> bodies. A tool-call answer (every choice calls
/// <c>toolName</c>) opens with the call's id, type and name and streams its arguments as <c>tool_calls</c> deltas.
/// </summary>
internal sealed class ChatResponseShape : IResponseShape
{
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly bool _hasReasoning;
    private readonly string? _toolName;
    private readonly string _callId = ToolCallIds.NewCallId();
    private ChunkTemplate? _content;
    private ChunkTemplate? _reasoning;

    public ChatResponseShape(string id, long created, string model, bool hasReasoning, string? toolName = null)
    {
        _id = id;
        _created = created;
        _model = model;
        _hasReasoning = hasReasoning;
        _toolName = toolName;
    }

    // Templates are built on first use: non-streaming responses never need them.
    public ChunkTemplate Content => _content ??= ContentTemplate(0);

    public ChunkTemplate? Reasoning => !_hasReasoning ? null : _reasoning ??= ReasoningTemplate(0);

    public ChunkTemplate ContentTemplate(int choiceIndex) => ChunkTemplate.Create(
        Chunk(
            _toolName is null
                ? new ChatDelta { Content = ChunkTemplate.Sentinel }
                : new ChatDelta { ToolCalls = [new ChatToolCall { Index = 0, Function = new ChatFunctionCall { Arguments = ChunkTemplate.Sentinel } }] },
            null,
            choiceIndex),
        ProtocolJsonContext.Default.ChatCompletionChunk);

    public ChunkTemplate? ReasoningTemplate(int choiceIndex) => !_hasReasoning ? null :
        ChunkTemplate.Create(Chunk(new ChatDelta { ReasoningContent = ChunkTemplate.Sentinel }, null, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);

    public ChatCompletionChunk Chunk(ChatDelta delta, string? finishReason, int choiceIndex = 0) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new ChatChunkChoice { Index = choiceIndex, Delta = delta, FinishReason = finishReason }],
    };

    public void WriteOpening(IBufferWriter<byte> writer, int choiceIndex)
    {
        var delta = _toolName is null
            ? new ChatDelta { Role = "assistant", Content = string.Empty }
            : new ChatDelta { Role = "assistant", ToolCalls = [Call(choiceIndex, string.Empty) with { Index = 0 }] };
        SseFraming.WriteJsonEvent(writer, Chunk(delta, null, choiceIndex), ProtocolJsonContext.Default.ChatCompletionChunk);
    }

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
                    Content = _toolName is null ? completion.ContentText() : null,
                    ReasoningContent = completion.ReasoningTokens > 0 ? completion.ReasoningText() : null,
                    ToolCalls = _toolName is null ? null : [Call(i, completion.ContentText())],
                },
                FinishReason = completion.FinishReason,
            };
        }

        var body = new ChatCompletionResponse { Id = _id, Created = _created, Model = _model, Choices = choices, Usage = response.Usage };
        return JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.ChatCompletionResponse);
    }

    // Each choice's call gets its own id; choice 0's is the shape's.
    private ChatToolCall Call(int choiceIndex, string arguments) => new()
    {
        Id = choiceIndex == 0 ? _callId : _callId + choiceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Type = "function",
        Function = new ChatFunctionCall { Name = _toolName, Arguments = arguments },
    };
}
