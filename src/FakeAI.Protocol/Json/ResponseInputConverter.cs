using System.Text.Json;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Responses;

namespace FakeAI.Protocol.Json;

/// <summary>Reads and writes <see cref="ResponseInput"/> as a string or an array of input items, without reflection.</summary>
public sealed class ResponseInputConverter : JsonConverter<ResponseInput>
{
    public override ResponseInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ResponseInput.FromText(reader.GetString()!);
            case JsonTokenType.StartArray:
                var itemInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ResponseInputItem>)options.GetTypeInfo(typeof(ResponseInputItem));
                var items = new List<ResponseInputItem>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException("expected an array of input item objects");
                    }

                    try
                    {
                        items.Add(JsonSerializer.Deserialize(ref reader, itemInfo)!);
                    }
                    catch (JsonException e)
                    {
                        // The nested read knows only the path inside the item; name the item too.
                        var field = JsonErrorPath.ToParam(e.Path);
                        var where = field is null ? $"item {items.Count}" : $"item {items.Count}'s '{field}'";
                        var detail = e.Message.Contains("Path:", StringComparison.Ordinal) || e.Message.Contains("System.", StringComparison.Ordinal)
                            ? "the value is malformed or has the wrong type"
                            : e.Message;
                        throw new JsonException($"{where}: {detail}", e);
                    }
                }

                return ResponseInput.FromItems(items);
            default:
                throw new JsonException("expected a string or an array of input items");
        }
    }

    public override void Write(Utf8JsonWriter writer, ResponseInput value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        var itemInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ResponseInputItem>)options.GetTypeInfo(typeof(ResponseInputItem));
        writer.WriteStartArray();
        foreach (var item in value.Items ?? [])
        {
            JsonSerializer.Serialize(writer, item, itemInfo);
        }

        writer.WriteEndArray();
    }
}
