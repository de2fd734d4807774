using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace FakeAI.Protocol.Json;

/// <summary>
/// Reads a value kept as a <see cref="JsonElement"/> (tools, schemas, Anthropic content blocks) as the serializer does,
/// but checks now that every string in it, property names included, is valid text: the default keeps the raw bytes, so
/// invalid UTF-8 or a lone surrogate escape would fail later, in <c>GetString</c>, as a 500 far from the request's
/// parsing instead of a 400 naming the parameter.
/// </summary>
public sealed class TextCheckedJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        Check(element);
        return element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        value.WriteTo(writer);
    }

    private static void Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(element, JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Check(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckName(property);
                    Check(property.Value);
                }

                break;
        }
    }

    private static void CheckString(JsonElement element, ReadOnlySpan<byte> raw)
    {
        // Without escapes the raw bytes are the text, and checking them allocates nothing; an escape may encode a lone
        // surrogate, which only decoding finds.
        if (raw.IndexOf((byte)'\\') < 0 ? Utf8.IsValid(raw) : TryDecode(element))
        {
            return;
        }

        throw new JsonException("the text is not valid UTF-8 or holds an unpaired surrogate");
    }

    private static bool TryDecode(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void CheckName(JsonProperty property)
    {
        try
        {
            _ = property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException("a property name is not valid UTF-8 or holds an unpaired surrogate");
        }
    }
}
