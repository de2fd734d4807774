using System.Buffers;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Responses;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// The Responses API's <c>response</c> body and its named, numbered streaming events: <c>response.created</c>,
/// <c>response.in_progress</c>, then per output item <c>output_item.added</c>, its part's <c>…added</c>, one delta per
/// token, <c>…done</c> events, and <c>response.completed</c> with the usage. A reasoning model's reasoning comes first
/// as a <c>reasoning</c> item: its tokens stream as summary deltas when the request asked for a summary, otherwise they
/// take their time on the schedule and the item's summary stays empty. A tool call is a <c>function_call</c> item in place
/// of the message, its arguments streamed as <c>response.function_call_arguments.delta</c> events and closed by
/// <c>…done</c>. One instance serves one response.
/// </summary>
internal sealed class ResponsesResponseShape : IResponseShape
{
    private const string MessageType = "message";
    private const string ReasoningType = "reasoning";
    private const string FunctionCallType = "function_call";

    private readonly ResponseObject _template;
    private readonly PlannedResponse _plan;
    private readonly bool _summarize;
    private readonly Action<ResponseObject>? _completed;
    private readonly string _messageId = Endpoints.ResponsePlanner.NewId("msg_");
    private readonly string _reasoningId = Endpoints.ResponsePlanner.NewId("rs_");
    private readonly string _callItemId = Endpoints.ResponsePlanner.NewId("fc_");
    private readonly string _callId = ToolCallIds.NewCallId();
    private long _sequence;
    private bool _messageOpen;
    private SequencedEventTemplate? _textDelta;
    private SequencedEventTemplate? _summaryDelta;

    /// <param name="template">The response as it is while in progress: its echo of the request, no output, no usage.</param>
    /// <param name="plan">What the response will say.</param>
    /// <param name="summarize">Whether reasoning tokens stream as summary text (the request set <c>reasoning.summary</c>).</param>
    /// <param name="completed">Called with the finished response once it was written (to store it), or null.</param>
    public ResponsesResponseShape(ResponseObject template, PlannedResponse plan, bool summarize, Action<ResponseObject>? completed)
    {
        _template = template;
        _plan = plan;
        _summarize = summarize;
        _completed = completed;
    }

    private bool HasReasoning => _plan.Completion.ReasoningTokens > 0;

    private string? ToolName => _plan.Completion.ToolName;

    private int MessageIndex => HasReasoning ? 1 : 0;

    // The Responses API numbers every event, so no fixed chunk template fits; its tokens go through WriteToken.
    public ChunkTemplate Content => throw new NotSupportedException("Responses stream through WriteToken.");

    public ChunkTemplate? Reasoning => null;

    public ChunkTemplate ContentTemplate(int choiceIndex) => throw new NotSupportedException("Responses stream through WriteToken.");

    public ChunkTemplate? ReasoningTemplate(int choiceIndex) => null;

    public void WriteOpening(IBufferWriter<byte> writer, int choiceIndex)
    {
        var inProgress = _template with { Status = "in_progress" };
        Write(writer, new ResponseStreamEvent { Type = "response.created", Response = inProgress });
        Write(writer, new ResponseStreamEvent { Type = "response.in_progress", Response = inProgress });
        if (!HasReasoning)
        {
            OpenMessage(writer);
            return;
        }

        Write(writer, new ResponseStreamEvent { Type = "response.output_item.added", OutputIndex = 0, Item = ReasoningItem(null) });
        if (_summarize)
        {
            Write(writer, SummaryPartEvent("response.reasoning_summary_part.added", string.Empty));
            _summaryDelta = SequencedEventTemplate.Create(
                "response.reasoning_summary_text.delta",
                new ResponseStreamEvent { Type = "response.reasoning_summary_text.delta", ItemId = _reasoningId, OutputIndex = 0, SummaryIndex = 0, Delta = ChunkTemplate.Sentinel },
                ProtocolJsonContext.Default.ResponseStreamEvent);
        }
    }

    public void WriteToken(IBufferWriter<byte> writer, int index, int reasoningTokens, ReadOnlySpan<byte> tokenJson)
    {
        if (index < reasoningTokens)
        {
            // Without a summary the reasoning is generated on schedule but nothing of it is sent.
            _summaryDelta?.Write(writer, tokenJson, _sequence++);
            return;
        }

        _textDelta!.Write(writer, tokenJson, _sequence++);
    }

    // The writer calls this between the last reasoning token and the first text token.
    public void WriteContentStart(IBufferWriter<byte> writer)
    {
        CloseReasoning(writer);
        OpenMessage(writer);
    }

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason, int choiceIndex)
    {
        if (!_messageOpen)
        {
            CloseReasoning(writer);
            OpenMessage(writer);
        }

        var text = _plan.Completion.ContentText();
        if (ToolName is not null)
        {
            Write(writer, new ResponseStreamEvent { Type = "response.function_call_arguments.done", ItemId = _callItemId, OutputIndex = MessageIndex, Arguments = text });
            Write(writer, new ResponseStreamEvent { Type = "response.output_item.done", OutputIndex = MessageIndex, Item = CallItem("completed", text) });
        }
        else
        {
            var part = ResponseContentPart.OutputText(text);
            Write(writer, new ResponseStreamEvent { Type = "response.output_text.done", ItemId = _messageId, OutputIndex = MessageIndex, ContentIndex = 0, Text = text, Logprobs = [] });
            Write(writer, new ResponseStreamEvent { Type = "response.content_part.done", ItemId = _messageId, OutputIndex = MessageIndex, ContentIndex = 0, Part = part });
            Write(writer, new ResponseStreamEvent { Type = "response.output_item.done", OutputIndex = MessageIndex, Item = MessageItem("completed", [part]) });
        }

        var final = Final(text);
        _completed?.Invoke(final);
        Write(writer, new ResponseStreamEvent { Type = "response.completed", Response = final });
    }

    // The usage travels in response.completed.
    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage)
    {
    }

    // The Responses API ends with response.completed; it sends no [DONE].
    public void WriteEnd(IBufferWriter<byte> writer)
    {
    }

    // The Responses API fails a started stream with response.failed: the response, failed, with its error.
    public void WriteStreamError(IBufferWriter<byte> writer) =>
        Write(writer, new ResponseStreamEvent { Type = "response.failed", Response = _template with { Status = "failed", Error = Faults.FaultResponses.ResponseFailedError } });

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        // Stored before it is sent: a client may chain from it the moment it has read the body.
        var final = Final(response.Completion.ContentText());
        _completed?.Invoke(final);
        return JsonResponse.WriteAsync(context, final, ProtocolJsonContext.Default.ResponseObject);
    }

    private ResponseObject Final(string text)
    {
        var message = ToolName is null ? MessageItem("completed", [ResponseContentPart.OutputText(text)]) : CallItem("completed", text);
        var usage = _plan.Usage;
        return _template with
        {
            Status = "completed",
            Output = HasReasoning ? [ReasoningItem(_summarize ? _plan.Completion.ReasoningText() : null), message] : [message],
            Usage = new ResponseUsage
            {
                InputTokens = usage.PromptTokens,
                InputTokensDetails = new ResponseInputTokensDetails { CachedTokens = usage.PromptTokensDetails?.CachedTokens ?? 0 },
                OutputTokens = usage.CompletionTokens,
                OutputTokensDetails = new ResponseOutputTokensDetails { ReasoningTokens = usage.CompletionTokensDetails?.ReasoningTokens ?? 0 },
                TotalTokens = usage.TotalTokens,
            },
        };
    }

    private void OpenMessage(IBufferWriter<byte> writer)
    {
        _messageOpen = true;
        if (ToolName is not null)
        {
            Write(writer, new ResponseStreamEvent { Type = "response.output_item.added", OutputIndex = MessageIndex, Item = CallItem("in_progress", string.Empty) });
            _textDelta = SequencedEventTemplate.Create(
                "response.function_call_arguments.delta",
                new ResponseStreamEvent { Type = "response.function_call_arguments.delta", ItemId = _callItemId, OutputIndex = MessageIndex, Delta = ChunkTemplate.Sentinel },
                ProtocolJsonContext.Default.ResponseStreamEvent);
            return;
        }

        Write(writer, new ResponseStreamEvent { Type = "response.output_item.added", OutputIndex = MessageIndex, Item = MessageItem("in_progress", []) });
        Write(writer, new ResponseStreamEvent { Type = "response.content_part.added", ItemId = _messageId, OutputIndex = MessageIndex, ContentIndex = 0, Part = ResponseContentPart.OutputText(string.Empty) });
        _textDelta = SequencedEventTemplate.Create(
            "response.output_text.delta",
            new ResponseStreamEvent { Type = "response.output_text.delta", ItemId = _messageId, OutputIndex = MessageIndex, ContentIndex = 0, Delta = ChunkTemplate.Sentinel, Logprobs = [] },
            ProtocolJsonContext.Default.ResponseStreamEvent);
    }

    private void CloseReasoning(IBufferWriter<byte> writer)
    {
        if (!HasReasoning)
        {
            return;
        }

        string? summary = null;
        if (_summarize)
        {
            summary = _plan.Completion.ReasoningText();
            Write(writer, new ResponseStreamEvent { Type = "response.reasoning_summary_text.done", ItemId = _reasoningId, OutputIndex = 0, SummaryIndex = 0, Text = summary });
            Write(writer, SummaryPartEvent("response.reasoning_summary_part.done", summary));
        }

        Write(writer, new ResponseStreamEvent { Type = "response.output_item.done", OutputIndex = 0, Item = ReasoningItem(summary) });
    }

    private ResponseStreamEvent SummaryPartEvent(string type, string text) =>
        new() { Type = type, ItemId = _reasoningId, OutputIndex = 0, SummaryIndex = 0, Part = ResponseContentPart.SummaryText(text) };

    private ResponseOutputItem MessageItem(string status, IReadOnlyList<ResponseContentPart> content) =>
        new() { Id = _messageId, Type = MessageType, Status = status, Content = content, Role = "assistant" };

    private ResponseOutputItem CallItem(string status, string arguments) =>
        new() { Id = _callItemId, Type = FunctionCallType, Status = status, Arguments = arguments, CallId = _callId, Name = ToolName };

    // An empty summary until (and unless) the summary text is known.
    private ResponseOutputItem ReasoningItem(string? summary) =>
        new() { Id = _reasoningId, Type = ReasoningType, Summary = summary is null ? [] : [ResponseContentPart.SummaryText(summary)] };

    private void Write(IBufferWriter<byte> writer, ResponseStreamEvent value)
    {
        writer.Write("event: "u8);
        var type = value.Type;
        var span = writer.GetSpan(type.Length);
        var written = System.Text.Encoding.UTF8.GetBytes(type, span);
        writer.Advance(written);
        writer.Write("\n"u8);
        SseFraming.WriteJsonEvent(writer, value with { SequenceNumber = _sequence++ }, ProtocolJsonContext.Default.ResponseStreamEvent);
    }
}
