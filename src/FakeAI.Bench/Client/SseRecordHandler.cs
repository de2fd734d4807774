using System.Text;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Sse;

namespace FakeAI.Bench.Client;

/// <summary>Turns the events of one streamed response (or one whole body) into the record's content responses, text and
/// usage, and remembers enough to say why a 200 response failed: an error object, an unexpected content type, nothing
/// parseable, or a stream that ended before <c>[DONE]</c> (Anthropic's <c>message_stop</c> for the Messages API,
/// <c>response.completed</c> for the Responses API).</summary>
internal sealed class SseRecordHandler(RequestRecord record, EndpointType endpointType = EndpointType.Chat) : ISseEventSink
{
    private const int PreviewChars = 80;

    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private int _parsed;
    private int _unparseable;
    private string? _firstUnparseable;
    private bool _sawDone;
    private bool _sawTextDelta;
    private ErrorDetails? _streamError;

    public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            _sawDone = true;
            return;
        }

        if (data.IsEmpty)
        {
            return;
        }

        Apply(data, firstByteTimestamp);
        if (eventType.SequenceEqual("error"u8) && _streamError is null)
        {
            // An `event: error` whose data is not OpenAI's error object still ends the request as a failure.
            _streamError = new ErrorDetails(null, "StreamError", Preview(data));
        }
    }

    /// <summary>Applies one response object (an SSE data payload or a whole non-streamed body).</summary>
    public void Apply(ReadOnlySpan<byte> json, long timestamp)
    {
        var parsed = endpointType == EndpointType.Responses
            ? ResponsesEventParser.TryParse(json, _content, _reasoning, out var chunk)
            : ResponseChunkParser.TryParse(json, _content, _reasoning, out chunk);
        if (!parsed)
        {
            _unparseable++;
            _firstUnparseable ??= Preview(json);
            return;
        }

        _parsed++;
        _sawDone |= chunk.EndsStream;
        if (chunk.IsTextDone && _sawTextDelta)
        {
            // As aiperf does: the done event's text repeats the deltas', so it adds no text, but it stays a response (at
            // its own time) for the timing metrics.
            _content.Length -= chunk.ContentChars;
            record.AddResponse(timestamp);
            return;
        }

        _sawTextDelta |= !chunk.IsTextDone && chunk.ContentChars > 0;
        if (chunk.HasError)
        {
            _streamError ??= new ErrorDetails(chunk.ErrorCode, chunk.ErrorType ?? "StreamError", chunk.ErrorMessage ?? Preview(json));
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

    /// <summary>Why the 200 response described by <paramref name="head"/> failed, or null when it did not. A 200 with valid
    /// chunks but no content stays error-free (aiperf's rule: invalid, but without error details).</summary>
    public ErrorDetails? Diagnose(ResponseHead head)
    {
        if (_streamError is not null)
        {
            return _streamError;
        }

        if (record.ResponseCount == 0 && head.UnexpectedContentType is { } type)
        {
            return new ErrorDetails(200, "UnexpectedContentType", $"expected text/event-stream or application/json, got {type}" + (_firstUnparseable is { } body ? ": " + body : ""));
        }

        if (record.ResponseCount == 0 && _unparseable > 0 && _parsed == 0)
        {
            return new ErrorDetails(200, "InvalidResponse", head.IsEventStream ? "no event of the stream was valid JSON" : "the response body is not valid JSON");
        }

        return head.IsEventStream && !_sawDone ? new ErrorDetails(200, "IncompleteStream", endpointType switch
        {
            EndpointType.Messages => "stream ended before message_stop",
            EndpointType.Responses => "stream ended before response.completed",
            _ => "stream ended before [DONE]",
        }) : null;
    }

    /// <summary>The start of some response bytes as one printable line, for an error message.</summary>
    private static string Preview(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, PreviewChars * 4)]);
        var builder = new StringBuilder(PreviewChars + 1);
        foreach (var c in text)
        {
            if (builder.Length == PreviewChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
