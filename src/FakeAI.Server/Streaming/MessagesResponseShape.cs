using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FakeAI.Protocol.Messages;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// Anthropic Messages bodies: the <c>message</c> object, and the named stream events <c>message_start</c>,
/// <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c> per token, <c>content_block_stop</c>,
/// <c>message_delta</c>, <c>message_stop</c>. Reasoning tokens become a <c>thinking</c> block (index 0) ahead of the text
/// block. A tool call is a <c>tool_use</c> block in place of the text block, its input streamed as
/// <c>input_json_delta</c>s, and stops with <c>tool_use</c>. Always one choice: the Messages API has no <c>n</c>.
/// </summary>
internal sealed class MessagesResponseShape : IResponseShape
{
    private static readonly MessagesJsonContext Json = MessagesJsonContext.Default;
    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly string _id;
    private readonly string _model;
    private readonly PlannedResponse _response;
    private readonly string? _stopSequence;
    private readonly bool _hasThinking;
    private readonly string? _toolName;
    private readonly string _toolUseId = ToolCallIds.NewToolUseId();
    private ChunkTemplate? _content;
    private ChunkTemplate? _reasoning;
    private int _openBlock = -1;

    public MessagesResponseShape(string id, string model, PlannedResponse response, string? stopSequence)
    {
        _id = id;
        _model = model;
        _response = response;
        _stopSequence = stopSequence;
        _hasThinking = response.Completion.ReasoningTokens > 0;
        _toolName = response.Completion.ToolName;
    }

    public ChunkTemplate Content => _content ??= ContentTemplate(0);

    public ChunkTemplate? Reasoning => !_hasThinking ? null : _reasoning ??= ReasoningTemplate(0);

    private int TextIndex => _hasThinking ? 1 : 0;

    /// <summary>Anthropic's name for the planner's finish reason.</summary>
    public static string StopReason(string finishReason, string? stopSequence) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" => "tool_use",
        _ => stopSequence is null ? "end_turn" : "stop_sequence",
    };

    public ChunkTemplate ContentTemplate(int choiceIndex) => DeltaTemplate(
        _toolName is null
            ? new MessagesBlockDelta { Type = "text_delta", Text = ChunkTemplate.Sentinel }
            : new MessagesBlockDelta { Type = "input_json_delta", PartialJson = ChunkTemplate.Sentinel },
        TextIndex);

    public ChunkTemplate? ReasoningTemplate(int choiceIndex) => !_hasThinking ? null :
        DeltaTemplate(new MessagesBlockDelta { Type = "thinking_delta", Thinking = ChunkTemplate.Sentinel }, 0);

    public void WriteOpening(IBufferWriter<byte> writer, int choiceIndex)
    {
        var message = Message([], stopReason: null, stopSequence: null, outputTokens: 0);
        WriteEvent(writer, new MessagesStreamEvent { Type = "message_start", Message = message });
        StartBlock(writer, _hasThinking ? 0 : TextIndex);
        WriteEvent(writer, new MessagesStreamEvent { Type = "ping" });
    }

    public void WriteContentStart(IBufferWriter<byte> writer) => StartBlock(writer, TextIndex);

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason, int choiceIndex)
    {
        if (_hasThinking && _openBlock == 0)
        {
            // The stream ended inside the thinking block (budget spent or a stop sequence cut the text to nothing).
            StopBlock(writer);
            StartBlock(writer, TextIndex);
        }

        StopBlock(writer);
        var usage = Usage(_response.Completion.TotalTokens);
        var delta = new MessagesMessageDeltaEvent
        {
            Delta = new MessagesStopDelta { StopReason = StopReason(finishReason, _stopSequence), StopSequence = _stopSequence },
            Usage = usage,
        };
        WriteNamed(writer, "message_delta", delta, Json.MessagesMessageDeltaEvent);
        WriteEvent(writer, new MessagesStreamEvent { Type = "message_stop" });
    }

    // Usage travels in message_start and message_delta; there is no separate usage event.
    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage)
    {
    }

    public void WriteEnd(IBufferWriter<byte> writer)
    {
        // Anthropic streams end after message_stop, without OpenAI's [DONE].
    }

    // Anthropic fails a started stream with an `error` event carrying its error shape.
    public void WriteStreamError(IBufferWriter<byte> writer) =>
        WriteNamed(writer, "error", AnthropicErrorShape.Body(StatusCodes.Status500InternalServerError, Faults.FaultResponses.StreamErrorMessage), Json.MessagesErrorResponse);

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        var completion = response.Completion;
        // A tool input cut at the budget is not JSON; the block then carries an empty input (the stream had the pieces).
        var answer = _toolName is null
            ? new MessagesContentBlock { Type = "text", Text = completion.ContentText() }
            : ToolUse(completion.FinishReason == "length" ? EmptyInput : ParseInput(completion.ContentText()));
        MessagesContentBlock[] content = completion.ReasoningTokens > 0
            ? [new MessagesContentBlock { Type = "thinking", Thinking = completion.ReasoningText(), Signature = NewSignature() }, answer]
            : [answer];
        var body = Message(content, StopReason(completion.FinishReason, _stopSequence), _stopSequence, completion.TotalTokens);
        return JsonResponse.WriteAsync(context, body, Json.MessagesResponse);
    }

    private MessagesResponse Message(IReadOnlyList<MessagesContentBlock> content, string? stopReason, string? stopSequence, int outputTokens) => new()
    {
        Id = _id,
        Model = _model,
        Content = content,
        StopReason = stopReason,
        StopSequence = stopSequence,
        Usage = Usage(outputTokens),
    };

    private MessagesUsage Usage(int outputTokens)
    {
        var cached = _response.Kv?.CachedTokens ?? 0;
        return new MessagesUsage
        {
            InputTokens = _response.PromptTokens - cached,
            CacheCreationInputTokens = 0,
            CacheReadInputTokens = cached,
            OutputTokens = outputTokens,
        };
    }

    private void StartBlock(IBufferWriter<byte> writer, int index)
    {
        if (_openBlock >= 0)
        {
            StopBlock(writer);
        }

        var block = index == 0 && _hasThinking
            ? new MessagesContentBlock { Type = "thinking", Thinking = string.Empty }
            : _toolName is null ? new MessagesContentBlock { Type = "text", Text = string.Empty } : ToolUse(EmptyInput);
        WriteEvent(writer, new MessagesStreamEvent { Type = "content_block_start", Index = index, ContentBlock = block });
        _openBlock = index;
    }

    private void StopBlock(IBufferWriter<byte> writer)
    {
        if (_openBlock == 0 && _hasThinking)
        {
            // A thinking block closes with its signature; the fake's is random bytes, verifiable by nobody.
            WriteEvent(writer, new MessagesStreamEvent
            {
                Type = "content_block_delta",
                Index = 0,
                Delta = new MessagesBlockDelta { Type = "signature_delta", Signature = NewSignature() },
            });
        }

        WriteEvent(writer, new MessagesStreamEvent { Type = "content_block_stop", Index = _openBlock });
        _openBlock = -1;
    }

    // A tool_use block starts with an empty input, as Anthropic's do; the input then streams as partial JSON.
    private MessagesContentBlock ToolUse(JsonElement input) => new() { Type = "tool_use", Id = _toolUseId, Name = _toolName, Input = input };

    private static JsonElement ParseInput(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static ChunkTemplate DeltaTemplate(MessagesBlockDelta delta, int index) =>
        ChunkTemplate.Create(
            new MessagesStreamEvent { Type = "content_block_delta", Index = index, Delta = delta },
            Json.MessagesStreamEvent,
            "content_block_delta");

    private static void WriteEvent(IBufferWriter<byte> writer, MessagesStreamEvent value) =>
        WriteNamed(writer, value.Type, value, Json.MessagesStreamEvent);

    private static void WriteNamed<T>(IBufferWriter<byte> writer, string name, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.Write("event: "u8);
        writer.Write(System.Text.Encoding.UTF8.GetBytes(name));
        writer.Write("\n"u8);
        SseFraming.WriteJsonEvent(writer, value, typeInfo);
    }

    private static string NewSignature() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
}
