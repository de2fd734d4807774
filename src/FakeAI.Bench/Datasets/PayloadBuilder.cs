using System.Buffers;
using System.Text.Json;

namespace FakeAI.Bench.Datasets;

/// <summary>
/// Serializes a turn into the request body aiperf sends for the endpoint type, with <c>--extra-inputs</c>
/// merged at the top level (an extra input replaces a field of the same name).
/// </summary>
internal sealed class PayloadBuilder(ProfileConfig config, bool syntheticNames)
{
    private readonly HashSet<string> _overridden = [.. config.ExtraInputs.Select(e => e.Name)];

    public byte[] Build(Turn turn, string model)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var buffer = new ArrayBufferWriter<byte>(256 + turn.Texts.Sum(t => t.Length) + turn.Images.Sum(i => i.Length) + turn.Audios.Sum(a => a.Base64Data.Length));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (config.EndpointType)
            {
                case EndpointType.Chat:
                    if (Keep("messages"))
                    {
                        WriteChatMessages(writer, turn);
                    }

                    break;
                case EndpointType.Completions:
                    if (Keep("prompt"))
                    {
                        // aiperf sends the prompts as a list, one prompt included.
                        WriteStringArray(writer, "prompt", turn.Texts);
                    }

                    break;
                case EndpointType.Embeddings:
                    if (Keep("input"))
                    {
                        WriteStringArray(writer, "input", turn.Texts);
                    }

                    break;
                case EndpointType.Rankings:
                    WriteRanking(writer, turn);
                    break;
                case EndpointType.Messages:
                    if (Keep("messages"))
                    {
                        WriteAnthropicMessages(writer, turn);
                    }

                    break;
                case EndpointType.Responses:
                    if (Keep("input"))
                    {
                        WriteResponsesInput(writer, turn);
                    }

                    break;
            }

            if (Keep("model"))
            {
                writer.WriteString("model", model);
            }

            if (EndpointTypes.SupportsStreaming(config.EndpointType))
            {
                if (Keep("stream"))
                {
                    writer.WriteBoolean("stream", config.EffectiveStreaming);
                }

                // aiperf sends no stream_options; a streamed response carries usage (the --use-server-token-count counts,
                // and prompt_tokens_details.cached_tokens for prompt_cache_hit_ratio) only when it is asked for. A streamed
                // Anthropic message always carries usage (message_start, message_delta), and the API knows no stream_options;
                // a streamed response of the Responses API carries it in response.completed, and its stream_options has no
                // include_usage.
                if (config.EffectiveStreaming && config.UseServerTokenCount && config.EndpointType is not (EndpointType.Messages or EndpointType.Responses) && Keep("stream_options"))
                {
                    writer.WriteStartObject("stream_options");
                    writer.WriteBoolean("include_usage", true);
                    writer.WriteEndObject();
                }

                if (config.EndpointType == EndpointType.Messages)
                {
                    // The Messages API requires max_tokens; aiperf falls back to its default when no length is asked for.
                    if (Keep("max_tokens"))
                    {
                        writer.WriteNumber("max_tokens", turn.MaxTokens ?? EndpointTypes.MessagesDefaultMaxTokens);
                    }
                }
                else if (turn.MaxTokens is { } maxTokens)
                {
                    var field = config.EndpointType switch
                    {
                        EndpointType.Chat => "max_completion_tokens",
                        EndpointType.Responses => "max_output_tokens",
                        _ => "max_tokens",
                    };
                    if (Keep(field))
                    {
                        writer.WriteNumber(field, maxTokens);
                    }
                }
            }

            foreach (var extra in config.ExtraInputs)
            {
                writer.WritePropertyName(extra.Name);
                writer.WriteRawValue(extra.JsonValue);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private bool Keep(string field) => !_overridden.Contains(field);

    private void WriteChatMessages(Utf8JsonWriter writer, Turn turn)
    {
        writer.WriteStartArray("messages");
        writer.WriteStartObject();
        writer.WriteString("role", "user");

        if (turn.Texts.Count == 1 && turn.Images.Count == 0 && turn.Audios.Count == 0)
        {
            // aiperf sends the text's name ("text" for synthetic prompts, "" for files) with a single plain-string content.
            writer.WriteString("name", syntheticNames ? "text" : "");
            writer.WriteString("content", turn.Texts[0]);
        }
        else
        {
            // Several texts, or any media: OpenAI's content-part array.
            WriteContentParts(writer, turn, responses: false);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>
    /// The Responses API's <c>input</c> as aiperf sends it: a list of one <c>message</c> item from the user whose content is
    /// the plain text when the turn is a single text, otherwise a list of <c>input_text</c>, <c>input_image</c> (the URL
    /// or data URI as a plain string) and <c>input_audio</c> parts (the same shape as chat's).
    /// </summary>
    private static void WriteResponsesInput(Utf8JsonWriter writer, Turn turn)
    {
        writer.WriteStartArray("input");
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", "user");
        if (turn.Texts.Count == 1 && turn.Images.Count == 0 && turn.Audios.Count == 0)
        {
            writer.WriteString("content", turn.Texts[0]);
        }
        else
        {
            WriteContentParts(writer, turn, responses: true);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>
    /// OpenAI's content parts: the texts, then the images and audio clips. Chat names them <c>text</c> and
    /// <c>image_url</c> (the URL inside an object); the Responses API <c>input_text</c> and <c>input_image</c> (the URL as
    /// a plain string). Both send audio as the same <c>input_audio</c> part.
    /// </summary>
    private static void WriteContentParts(Utf8JsonWriter writer, Turn turn, bool responses)
    {
        writer.WriteStartArray("content");
        foreach (var text in turn.Texts)
        {
            writer.WriteStartObject();
            writer.WriteString("type", responses ? "input_text" : "text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        foreach (var url in turn.Images)
        {
            writer.WriteStartObject();
            if (responses)
            {
                writer.WriteString("type", "input_image");
                writer.WriteString("image_url", url);
            }
            else
            {
                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", url);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        foreach (var clip in turn.Audios)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "input_audio");
            writer.WriteStartObject("input_audio");
            writer.WriteString("data", clip.Base64Data);
            writer.WriteString("format", clip.Format);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Anthropic's <c>messages</c>: one user message whose content is the plain text when the turn is a single text (as
    /// chat sends it, without chat's <c>name</c>), otherwise a list of <c>text</c> blocks and <c>image</c> blocks (a data
    /// URI as a <c>base64</c> source, anything else as a <c>url</c> source, as aiperf renders them). The API takes no
    /// audio, so a turn with audio is refused rather than sent to be rejected by the server.
    /// </summary>
    private static void WriteAnthropicMessages(Utf8JsonWriter writer, Turn turn)
    {
        if (turn.Audios.Count > 0)
        {
            throw new DatasetException("the Anthropic Messages API takes no audio input: use --endpoint-type chat for audio turns");
        }

        writer.WriteStartArray("messages");
        writer.WriteStartObject();
        writer.WriteString("role", "user");
        if (turn.Texts.Count == 1 && turn.Images.Count == 0)
        {
            writer.WriteString("content", turn.Texts[0]);
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var text in turn.Texts)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }

            foreach (var url in turn.Images)
            {
                WriteAnthropicImage(writer, url);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteAnthropicImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image");
        writer.WriteStartObject("source");
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            // data:<media type>[;base64],<data>; aiperf assumes image/png when the media type is missing.
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma < 0 ? url[5..] : url[5..comma];
            var mediaType = header.Split(';', 2)[0];
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", mediaType.Length == 0 ? "image/png" : mediaType);
            writer.WriteString("data", comma < 0 ? "" : url[(comma + 1)..]);
        }
        else
        {
            writer.WriteString("type", "url");
            writer.WriteString("url", url);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// NIM's ranking body. With named texts (aiperf's custom-file form) the query is the text named <c>query</c> and the
    /// passages are every text named <c>passages</c>; otherwise the first text is the query and the others the passages.
    /// </summary>
    private void WriteRanking(Utf8JsonWriter writer, Turn turn)
    {
        var (query, passages) = RankingParts(turn);
        if (Keep("query"))
        {
            writer.WriteStartObject("query");
            writer.WriteString("text", query);
            writer.WriteEndObject();
        }

        if (Keep("passages"))
        {
            writer.WriteStartArray("passages");
            foreach (var passage in passages)
            {
                writer.WriteStartObject();
                writer.WriteString("text", passage);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    private static (string Query, IReadOnlyList<string> Passages) RankingParts(Turn turn)
    {
        if (turn.TextNames.Count == 0)
        {
            return (turn.Texts[0], turn.Texts.Skip(1).ToArray());
        }

        string? query = null;
        var passages = new List<string>();
        for (var i = 0; i < turn.Texts.Count; i++)
        {
            switch (turn.TextNames[i])
            {
                case "query":
                    query ??= turn.Texts[i];
                    break;
                case "passages":
                    passages.Add(turn.Texts[i]);
                    break;
            }
        }

        return (query ?? throw new DatasetException("a rankings entry has named texts but none named \"query\""), passages);
    }

    private static void WriteStringArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> texts)
    {
        writer.WriteStartArray(name);
        foreach (var text in texts)
        {
            writer.WriteStringValue(text);
        }

        writer.WriteEndArray();
    }
}
