using System.Text.Json;

namespace FakeAI.Bench.Export;

/// <summary>Writes <c>inputs.json</c>: every conversation's exact request bodies (for the first model), as aiperf does.</summary>
internal static class InputsJsonWriter
{
    public static void Write(Stream stream, ProfileResult result)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var conversation in result.Dataset.Conversations)
        {
            writer.WriteStartObject();
            writer.WriteString("session_id", conversation.SessionId);
            writer.WriteStartArray("payloads");
            foreach (var turn in conversation.Turns)
            {
                writer.WriteRawValue(turn.Payloads[0]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
