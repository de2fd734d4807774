using System.Text;
using System.Text.Json;

namespace FakeAI.Bench.Client;

/// <summary>
/// Extracts what the metrics need from one OpenAI Responses API object, as aiperf's <c>responses</c> endpoint reads it:
/// a streamed event's text (<c>response.output_text.delta</c> as content, <c>response.reasoning_text.delta</c> as
/// reasoning, <c>response.output_text.done</c>'s text for a part that streamed no deltas), the usage of
/// <c>response.completed</c>, or a whole <c>response</c> body's <c>message</c> output text and <c>reasoning</c> summary
/// text with its usage. Reasoning summary deltas are not text to aiperf, so they are not here either. Failures are
/// errors: an <c>error</c> event (top-level <c>code</c> and <c>message</c>), <c>response.failed</c> or a whole response
/// with <c>status: "failed"</c> (its <c>error</c> object), or OpenAI's <c>{"error": …}</c> body.
/// </summary>
internal static class ResponsesEventParser
{
    private enum Kind
    {
        Body,
        TextDelta,
        ReasoningDelta,
        TextDone,
        Finished,
        Failed,
        Error,
        Other,
    }

    /// <summary>False for invalid JSON (dropped like any other non-content event); the builders are then left as they were.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, out ParsedChunk chunk) =>
        ResponseChunkParser.TryParse(ParseCore, json, content, reasoning, out chunk);

    private static bool ParseCore(ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, ref ParsedChunk chunk)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // The event's type may follow its delta, so it is found first on a copy of the reader.
        var kind = EventKind(reader);
        chunk.IsTextDone = kind == Kind.TextDone;
        chunk.EndsStream = kind == Kind.Finished;
        if (kind is Kind.Error)
        {
            chunk.HasError = true;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("delta"u8) && kind is Kind.TextDelta or Kind.ReasoningDelta)
            {
                ResponseChunkParser.AppendString(ref reader, kind == Kind.TextDelta ? content : reasoning);
            }
            else if (name.ValueTextEquals("text"u8) && kind == Kind.TextDone)
            {
                ResponseChunkParser.AppendString(ref reader, content);
            }
            else if (name.ValueTextEquals("response"u8) && kind is Kind.Finished or Kind.Failed)
            {
                // The final response repeats the streamed text: only its usage and error count.
                ReadResponse(ref reader, ref chunk, null, null);
            }
            else if (kind == Kind.Body)
            {
                ReadResponseProperty(ref name, ref reader, ref chunk, content, reasoning);
            }
            else if (kind == Kind.Error && (name.ValueTextEquals("code"u8) || name.ValueTextEquals("message"u8)))
            {
                ReadErrorField(ref name, ref reader, ref chunk);
            }
            else
            {
                reader.Skip();
            }
        }

        if (kind == Kind.Failed)
        {
            chunk.HasError = true;
            chunk.ErrorType ??= "response.failed";
        }

        return true;
    }

    /// <summary>The kind of the object whose start the reader (a copy) is on, from its top-level <c>type</c>; a body
    /// without one is a whole response (or an error body).</summary>
    private static Kind EventKind(Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (!isType)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return Kind.Other;
            }

            return reader.ValueTextEquals("response.output_text.delta"u8) ? Kind.TextDelta
                : reader.ValueTextEquals("response.reasoning_text.delta"u8) ? Kind.ReasoningDelta
                : reader.ValueTextEquals("response.output_text.done"u8) ? Kind.TextDone
                : reader.ValueTextEquals("response.completed"u8) || reader.ValueTextEquals("response.incomplete"u8) ? Kind.Finished
                : reader.ValueTextEquals("response.failed"u8) ? Kind.Failed
                : reader.ValueTextEquals("error"u8) ? Kind.Error
                : Kind.Other;
        }

        return Kind.Body;
    }

    /// <summary>A response object; its output text is read only when builders are given (a whole body).</summary>
    private static void ReadResponse(ref Utf8JsonReader reader, ref ParsedChunk chunk, StringBuilder? content, StringBuilder? reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            ReadResponseProperty(ref name, ref reader, ref chunk, content, reasoning);
        }
    }

    private static void ReadResponseProperty(ref Utf8JsonReader name, ref Utf8JsonReader reader, ref ParsedChunk chunk, StringBuilder? content, StringBuilder? reasoning)
    {
        if (name.ValueTextEquals("usage"u8))
        {
            ResponseChunkParser.ReadUsage(ref reader, ref chunk);
        }
        else if (name.ValueTextEquals("error"u8))
        {
            ReadError(ref reader, ref chunk);
        }
        else if (name.ValueTextEquals("output"u8) && content is not null && reasoning is not null && reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ReadOutputItem(ref reader, content, reasoning);
            }
        }
        else
        {
            reader.Skip();
        }
    }

    /// <summary>One output item: a <c>message</c>'s content parts are content, a <c>reasoning</c> item's summary parts
    /// reasoning (aiperf's precedence only matters for its single response; both texts are kept here). Other items
    /// (function calls, tool calls) add nothing, as chat's tool calls add nothing.</summary>
    private static void ReadOutputItem(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        var type = ItemType(reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (type == ItemKind.Message && name.ValueTextEquals("content"u8))
            {
                ReadTextParts(ref reader, content);
            }
            else if (type == ItemKind.Reasoning && name.ValueTextEquals("summary"u8))
            {
                ReadTextParts(ref reader, reasoning);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private enum ItemKind
    {
        Message,
        Reasoning,
        Other,
    }

    private static ItemKind ItemType(Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                return reader.TokenType != JsonTokenType.String ? ItemKind.Other
                    : reader.ValueTextEquals("message"u8) ? ItemKind.Message
                    : reader.ValueTextEquals("reasoning"u8) ? ItemKind.Reasoning
                    : ItemKind.Other;
            }

            reader.Skip();
        }

        return ItemKind.Other;
    }

    /// <summary>The <c>text</c> of each part (<c>output_text</c> or <c>summary_text</c>; a <c>refusal</c> part has none).</summary>
    private static void ReadTextParts(ref Utf8JsonReader reader, StringBuilder target)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (isText)
                {
                    ResponseChunkParser.AppendString(ref reader, target);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>A response's <c>error</c> (null while it has not failed) or OpenAI's error body: <c>code</c> (a string such
    /// as <c>server_error</c> or <c>rate_limit_exceeded</c>) is the type, <c>message</c> the message.</summary>
    private static void ReadError(ref Utf8JsonReader reader, ref ParsedChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        chunk.HasError = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("type"u8) && reader.TokenType == JsonTokenType.String)
            {
                // OpenAI's error body names a type as well as a code; the code is the more specific.
                chunk.ErrorType ??= reader.GetString();
            }
            else
            {
                ReadErrorField(ref name, ref reader, ref chunk);
            }
        }
    }

    private static void ReadErrorField(ref Utf8JsonReader name, ref Utf8JsonReader reader, ref ParsedChunk chunk)
    {
        if (name.ValueTextEquals("message"u8) && reader.TokenType == JsonTokenType.String)
        {
            chunk.ErrorMessage = reader.GetString();
        }
        else if (name.ValueTextEquals("code"u8) && reader.TokenType == JsonTokenType.String)
        {
            chunk.ErrorType = reader.GetString();
        }
        else if (name.ValueTextEquals("code"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
        {
            chunk.ErrorCode = code;
        }
        else
        {
            reader.Skip();
        }
    }
}
