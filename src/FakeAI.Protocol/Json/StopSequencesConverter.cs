using System.Text.Json;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Chat;

namespace FakeAI.Protocol.Json;

/// <summary>Reads <c>stop</c> as a string or an array of strings; writes the array form.</summary>
public sealed class StopSequencesConverter : JsonConverter<StopSequences>
{
    public override StopSequences? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new StopSequences([reader.GetString()!]);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected a string or an array of strings");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("expected a string or an array of strings");
            }

            values.Add(reader.GetString()!);
        }

        return new StopSequences(values);
    }

    public override void Write(Utf8JsonWriter writer, StopSequences value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var stop in value.Values)
        {
            writer.WriteStringValue(stop);
        }

        writer.WriteEndArray();
    }
}
