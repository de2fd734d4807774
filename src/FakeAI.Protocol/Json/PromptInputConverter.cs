using System.Text.Json;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Completions;

namespace FakeAI.Protocol.Json;

/// <summary>
/// Reads a prompt/input given as a string, an array of strings, an array of token ids (one tokenized prompt) or an
/// array of token-id arrays (several), and writes it back in the same form.
/// </summary>
public sealed class PromptInputConverter : JsonConverter<PromptInput>
{
    private const string Expected = "expected a string, an array of strings, an array of token ids or an array of token-id arrays";

    public override PromptInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new PromptInput([PromptItem.FromText(reader.GetString()!)]);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(Expected);
        }

        var items = new List<PromptItem>();
        List<int>? flatIds = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String when flatIds is null:
                    items.Add(PromptItem.FromText(reader.GetString()!));
                    break;
                case JsonTokenType.Number when items.Count == 0:
                    (flatIds ??= []).Add(ReadTokenId(ref reader));
                    break;
                case JsonTokenType.StartArray when flatIds is null:
                    var ids = new List<int>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        ids.Add(reader.TokenType == JsonTokenType.Number ? ReadTokenId(ref reader) : throw new JsonException(Expected));
                    }

                    items.Add(PromptItem.FromTokens(ids));
                    break;
                default:
                    throw new JsonException(Expected);
            }
        }

        return flatIds is null ? new PromptInput(items) : new PromptInput([PromptItem.FromTokens(flatIds)]);
    }

    public override void Write(Utf8JsonWriter writer, PromptInput value, JsonSerializerOptions options)
    {
        if (value.Items is [{ Text: { } single }])
        {
            writer.WriteStringValue(single);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value.Items)
        {
            if (item.Text is not null)
            {
                writer.WriteStringValue(item.Text);
                continue;
            }

            writer.WriteStartArray();
            foreach (var id in item.TokenIds ?? [])
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static int ReadTokenId(ref Utf8JsonReader reader) =>
        reader.TryGetInt32(out var id) && id >= 0 ? id : throw new JsonException("token ids must be non-negative integers");
}
