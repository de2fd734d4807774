using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FakeAI.Bench.Client;

/// <summary>
/// Extracts what the metrics need from one OpenAI response object (a streamed chunk or a whole body) with a forward-only
/// <see cref="Utf8JsonReader"/>: the first choice's content and reasoning text (unescaped straight into the caller's
/// builders, so no string is allocated per chunk), usage counts, and the item count of an embeddings
/// (<c>object: "list"</c> with <c>data</c>) or rankings (<c>rankings</c>) result, which carries no text. Anthropic's Messages
/// shapes are read too, as aiperf's <c>messages</c> endpoint reads them: a whole message's <c>content</c> blocks, a
/// <c>content_block_delta</c>'s <c>delta</c> (<c>text_delta</c> as content, <c>thinking_delta</c> as reasoning), the usage
/// of <c>message_start</c> (inside <c>message</c>) and <c>message_delta</c>, and <c>message_stop</c>. No OpenAI object has
/// a top-level <c>content</c>, <c>delta</c> object, <c>message</c> or <c>type</c>, so the two never mix.
/// </summary>
internal static class ResponseChunkParser
{
    private const int StackLimit = 256;

    /// <summary>Reads one object into a <see cref="ParsedChunk"/>, appending its texts to the builders; false when the
    /// JSON is invalid.</summary>
    internal delegate bool ChunkReader(ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, ref ParsedChunk chunk);

    /// <summary>False for invalid JSON, which aiperf drops like any other non-content chunk; the builders are then left as
    /// they were.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, out ParsedChunk chunk) =>
        TryParse(TryParseCore, json, content, reasoning, out chunk);

    /// <summary>Runs <paramref name="read"/> (this parser's or another API's), measuring the text it added and undoing
    /// everything when the JSON turns out invalid.</summary>
    internal static bool TryParse(ChunkReader read, ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, out ParsedChunk chunk)
    {
        chunk = default;
        var contentLength = content.Length;
        var reasoningLength = reasoning.Length;
        bool ok;
        try
        {
            ok = read(json, content, reasoning, ref chunk);
        }
        catch (JsonException)
        {
            ok = false;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string surfaces here when the value is read.
            ok = false;
        }

        chunk.ContentChars = content.Length - contentLength;
        chunk.ReasoningChars = reasoning.Length - reasoningLength;
        if (!ok)
        {
            content.Length = contentLength;
            reasoning.Length = reasoningLength;
            chunk = default;
        }

        return ok;
    }

    private static bool TryParseCore(ReadOnlySpan<byte> json, StringBuilder content, StringBuilder reasoning, ref ParsedChunk chunk)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // "object" may come before or after "data", so list items are counted first and kept only for a list.
        var dataItems = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, content, reasoning);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                ReadUsage(ref reader, ref chunk);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                chunk.IsList = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("list"u8);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataItems = CountItems(ref reader);
            }
            else if (reader.ValueTextEquals("rankings"u8))
            {
                reader.Read();
                chunk.ResultItems += CountItems(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                ReadAnthropicBlocks(ref reader, content, reasoning);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                ReadAnthropicBlock(ref reader, content, reasoning);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                // message_start: the message envelope, whose usage holds the prompt tokens.
                reader.Read();
                ReadAnthropicMessageStart(ref reader, ref chunk);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                chunk.EndsStream = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("message_stop"u8);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                ReadError(ref reader, ref chunk);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (chunk.IsList)
        {
            chunk.ResultItems += dataItems;
        }

        return true;
    }

    /// <summary>Elements of an array (0 for anything else), skipping their contents.</summary>
    private static int CountItems(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            reader.Skip();
        }

        return count;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index++ == 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, content, reasoning);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadChoice(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                ReadMessage(ref reader, content, reasoning);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                AppendString(ref reader, content);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                AppendString(ref reader, content);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                AppendString(ref reader, reasoning);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A message's <c>content</c> block list; a string content (not what a response carries) is skipped.</summary>
    private static void ReadAnthropicBlocks(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ReadAnthropicBlock(ref reader, content, reasoning);
        }
    }

    /// <summary>A content block or a block delta: <c>text</c> is content and <c>thinking</c> reasoning (their only text
    /// fields; a <c>tool_use</c> block or <c>input_json_delta</c> adds nothing, nor does a <c>message_delta</c>'s delta).</summary>
    private static void ReadAnthropicBlock(ref Utf8JsonReader reader, StringBuilder content, StringBuilder reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                AppendString(ref reader, content);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                AppendString(ref reader, reasoning);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadAnthropicMessageStart(ref Utf8JsonReader reader, ref ParsedChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage)
            {
                ReadUsage(ref reader, ref chunk);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    internal static void AppendString(ref Utf8JsonReader reader, StringBuilder target)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return;
        }

        var maxChars = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = maxChars <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var written = reader.CopyString(buffer);
            target.Append(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A usage object of any of the three APIs: OpenAI's chat/completions counts, the Responses API's
    /// <c>input_tokens</c>/<c>output_tokens</c> with their details, or Anthropic's (whose cache counts are added back).</summary>
    internal static void ReadUsage(ref Utf8JsonReader reader, ref ParsedChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        // Anthropic's input_tokens leave out the prompt tokens read from or written to the cache; with them they are the
        // whole prompt, as OpenAI's prompt_tokens is. The Responses API's input_tokens are the whole prompt already (its
        // usage has no cache_*_input_tokens).
        int? input = null, cacheRead = null, cacheCreation = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                input = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                cacheRead = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                cacheCreation = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                chunk.CompletionTokens = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                chunk.PromptTokens = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                chunk.CompletionTokens = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                chunk.ReasoningTokens = ReadDetail(ref reader, "reasoning_tokens"u8) ?? chunk.ReasoningTokens;
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                // The Responses API's names for the same details.
                reader.Read();
                chunk.ReasoningTokens = ReadDetail(ref reader, "reasoning_tokens"u8) ?? chunk.ReasoningTokens;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                reader.Read();
                chunk.CachedTokens = ReadDetail(ref reader, "cached_tokens"u8) ?? chunk.CachedTokens;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (input is not null)
        {
            chunk.PromptTokens = input + (cacheRead ?? 0) + (cacheCreation ?? 0);
            chunk.CachedTokens = cacheRead ?? chunk.CachedTokens;
        }
    }

    /// <summary>OpenAI's error shape (<c>{"message", "type", "code"}</c>) or a bare string; strings are only allocated here,
    /// on the error path.</summary>
    private static void ReadError(ref Utf8JsonReader reader, ref ParsedChunk chunk)
    {
        chunk.HasError = true;
        if (reader.TokenType == JsonTokenType.String)
        {
            chunk.ErrorMessage = reader.GetString();
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("message"u8) ? 1 : reader.ValueTextEquals("type"u8) ? 2 : reader.ValueTextEquals("code"u8) ? 3 : 0;
            reader.Read();
            switch (name)
            {
                case 1 when reader.TokenType == JsonTokenType.String:
                    chunk.ErrorMessage = reader.GetString();
                    break;
                case 2 when reader.TokenType == JsonTokenType.String:
                    chunk.ErrorType = reader.GetString();
                    break;
                case 3 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code):
                    chunk.ErrorCode = code;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>Reads one numeric field of a usage details object (<c>completion_tokens_details</c>,
    /// <c>prompt_tokens_details</c>), skipping everything else; null when absent or not a number.</summary>
    private static int? ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isWanted = reader.ValueTextEquals(name);
            reader.Read();
            if (isWanted && reader.TokenType == JsonTokenType.Number)
            {
                value = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }
}
