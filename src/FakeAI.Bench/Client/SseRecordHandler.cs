using System.Text;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Sse;

namespace FakeAI.Bench.Client;

/// <summary>Turns the events of one streamed response into the record's content responses, text and usage.</summary>
internal sealed class SseRecordHandler(RequestRecord record) : ISseEventSink
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();

    public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp)
    {
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            return;
        }

        Apply(data, firstByteTimestamp);
    }

    /// <summary>Applies one response object (an SSE data payload or a whole non-streamed body).</summary>
    public void Apply(ReadOnlySpan<byte> json, long timestamp)
    {
        if (!ResponseChunkParser.TryParse(json, _content, _reasoning, out var chunk))
        {
            return;
        }

        if (chunk.HasText || chunk.HasResult)
        {
            record.AddResponse(timestamp);
        }

        if (chunk.HasUsage)
        {
            record.UsagePromptTokens = chunk.PromptTokens ?? record.UsagePromptTokens;
            record.UsageCompletionTokens = chunk.CompletionTokens ?? record.UsageCompletionTokens;
            record.UsageReasoningTokens = chunk.ReasoningTokens ?? record.UsageReasoningTokens;
            record.UsageCachedTokens = chunk.CachedTokens ?? record.UsageCachedTokens;
        }
    }

    public void Complete()
    {
        record.ContentText = _content.ToString();
        record.ReasoningText = _reasoning.ToString();
    }
}
