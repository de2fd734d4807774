using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Embeddings;

namespace FakeAI.Protocol.Json;

/// <summary>Writes an embedding as a float array or as base64 of little-endian float32; reads both forms back.</summary>
public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = reader.GetBytesFromBase64();
            var values = new float[bytes.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            return new EmbeddingVector(values, asBase64: true);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of numbers or a base64 string");
        }

        var list = new List<float>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetSingle());
        }

        return new EmbeddingVector([.. list], asBase64: false);
    }

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        if (!value.AsBase64)
        {
            writer.WriteStartArray();
            foreach (var v in value.Values)
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
            return;
        }

        // Pooled: a server writes thousands of these per response, up to 32 KB each.
        var length = value.Values.Length * sizeof(float);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < value.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value.Values[i]);
            }

            writer.WriteBase64StringValue(bytes.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
