using System.Text.Json;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Chat;

namespace FakeAI.Protocol.Json;

/// <summary>Reads and writes <see cref="MessageContent"/> as a string or an array of parts, without reflection.</summary>
public sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return MessageContent.FromText(reader.GetString()!);
            case JsonTokenType.StartArray:
                var parts = new List<ContentPart>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    parts.Add(ReadPart(ref reader));
                }

                return MessageContent.FromParts(parts);
            default:
                throw new JsonException("expected a string or an array of content parts");
        }
    }

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        writer.WriteStartArray();
        foreach (var part in value.Parts ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("type", part.Type);
            if (part.Text is not null)
            {
                writer.WriteString("text", part.Text);
            }

            if (part.ImageUrl is not null)
            {
                writer.WriteStartObject("image_url");
                writer.WriteString("url", part.ImageUrl);
                if (part.ImageDetail is not null)
                {
                    writer.WriteString("detail", part.ImageDetail);
                }

                writer.WriteEndObject();
            }

            if (part.AudioData is not null)
            {
                writer.WriteStartObject("input_audio");
                writer.WriteString("data", part.AudioData);
                if (part.AudioFormat is not null)
                {
                    writer.WriteString("format", part.AudioFormat);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static ContentPart ReadPart(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected a content part object");
        }

        string? type = null;
        string? text = null;
        string? imageUrl = null, imageDetail = null, audioData = null, audioFormat = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "type" && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (name == "image_url" && reader.TokenType == JsonTokenType.String)
            {
                // Some clients send the URL itself instead of {"url": …}.
                imageUrl = reader.GetString();
            }
            else if (name == "image_url" && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadFields(ref reader, "image_url", "url", ref imageUrl, "detail", ref imageDetail);
            }
            else if (name == "input_audio" && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadFields(ref reader, "input_audio", "data", ref audioData, "format", ref audioFormat);
            }
            else if (name is "image_url" or "input_audio")
            {
                throw new JsonException($"content part '{name}' must be an object");
            }
            else if (name == "detail" && reader.TokenType == JsonTokenType.String)
            {
                // The Responses API's input_image carries its detail beside a string image_url.
                imageDetail ??= reader.GetString();
            }
            else if (name == "text" && reader.TokenType == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else if (name is "type" or "text")
            {
                throw new JsonException($"content part '{name}' must be a string");
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContentPart(type ?? throw new JsonException("content part is missing 'type'"), text)
        {
            ImageUrl = imageUrl,
            ImageDetail = imageDetail,
            AudioData = audioData,
            AudioFormat = audioFormat,
        };
    }

    /// <summary>Reads two string fields of a nested object, skipping any others.</summary>
    private static void ReadFields(ref Utf8JsonReader reader, string owner, string first, ref string? firstValue, string second, ref string? secondValue)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == first || name == second)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new JsonException($"'{owner}.{name}' must be a string");
                }

                if (name == first)
                {
                    firstValue = reader.GetString();
                }
                else
                {
                    secondValue = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
