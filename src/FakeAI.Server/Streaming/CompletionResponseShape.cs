using System.Buffers;
using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// <c>text_completion</c> bodies (legacy completions; no reasoning channel, no role chunk). Choice <c>i</c> answers
/// prompt <c>i / n</c>, whose text <c>echo</c> puts in front of the choice's text.
/// </summary>
internal sealed class CompletionResponseShape : IResponseShape
{
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly IReadOnlyList<string> _echoes;
    private readonly int _choicesPerPrompt;
    private ChunkTemplate? _content;

    // echoes: one text per prompt when echo is on, else empty; choicesPerPrompt: the request's n.
    public CompletionResponseShape(string id, long created, string model, IReadOnlyList<string> echoes, int choicesPerPrompt)
    {
        _id = id;
        _created = created;
        _model = model;
        _echoes = echoes;
        _choicesPerPrompt = choicesPerPrompt;
    }

    // Built on first use: non-streaming responses never need it.
    public ChunkTemplate Content => _content ??= ContentTemplate(0);

    public ChunkTemplate? Reasoning => null;

    public ChunkTemplate ContentTemplate(int choiceIndex) =>
        ChunkTemplate.Create(Chunk(ChunkTemplate.Sentinel, null, choiceIndex), ProtocolJsonContext.Default.CompletionResponse);

    public ChunkTemplate? ReasoningTemplate(int choiceIndex) => null;

    public CompletionResponse Chunk(string text, string? finishReason, int choiceIndex = 0) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new CompletionChoice { Text = text, Index = choiceIndex, FinishReason = finishReason }],
    };

    public void WriteOpening(IBufferWriter<byte> writer, int choiceIndex)
    {
        var echo = Echo(choiceIndex);
        if (echo.Length > 0)
        {
            SseFraming.WriteJsonEvent(writer, Chunk(echo, null, choiceIndex), ProtocolJsonContext.Default.CompletionResponse);
        }
    }

    public void WriteFinish(IBufferWriter<byte> writer, string finishReason, int choiceIndex) =>
        SseFraming.WriteJsonEvent(writer, Chunk(string.Empty, finishReason, choiceIndex), ProtocolJsonContext.Default.CompletionResponse);

    public void WriteUsage(IBufferWriter<byte> writer, UsageInfo usage) =>
        SseFraming.WriteJsonEvent(
            writer,
            new CompletionResponse { Id = _id, Created = _created, Model = _model, Choices = [], Usage = usage },
            ProtocolJsonContext.Default.CompletionResponse);

    public Task WriteNonStreamingAsync(HttpContext context, PlannedResponse response)
    {
        var choices = new CompletionChoice[response.Choices.Count];
        for (var i = 0; i < choices.Length; i++)
        {
            var completion = response.Choices[i];
            choices[i] = new CompletionChoice { Text = Echo(i) + completion.ContentText(), Index = i, FinishReason = completion.FinishReason };
        }

        var body = new CompletionResponse { Id = _id, Created = _created, Model = _model, Choices = choices, Usage = response.Usage };
        return JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.CompletionResponse);
    }

    private string Echo(int choiceIndex) => _echoes.Count == 0 ? string.Empty : _echoes[choiceIndex / _choicesPerPrompt];
}
