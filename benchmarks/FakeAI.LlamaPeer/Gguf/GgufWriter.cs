using System.Runtime.InteropServices;
using System.Text;

namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// Writes a GGUF version 3 file: the header, the metadata key/value pairs, the tensor descriptions, then each tensor's
/// data at an offset that is a multiple of the alignment. Little-endian throughout, as ggml reads it on x64.
/// </summary>
internal sealed class GgufWriter
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const uint Version = 3;
    private const uint F32TensorType = 0;
    private const uint F16TensorType = 1;

    private readonly List<Action<BinaryWriter>> _metadata = [];
    private readonly List<GgufTensor> _tensors = [];

    public GgufWriter(uint alignment)
    {
        Alignment = alignment;
        Add("general.alignment", alignment);
    }

    public uint Alignment { get; }

    public void Add(string key, string value) => _metadata.Add(w =>
    {
        WriteString(w, key);
        w.Write((uint)GgufValueType.String);
        WriteString(w, value);
    });

    public void Add(string key, uint value) => AddScalar(key, GgufValueType.UInt32, w => w.Write(value));

    public void Add(string key, float value) => AddScalar(key, GgufValueType.Float32, w => w.Write(value));

    public void Add(string key, bool value) => AddScalar(key, GgufValueType.Bool, w => w.Write(value));

    public void Add(string key, IReadOnlyList<string> values) => AddArray(key, GgufValueType.String, values.Count, w =>
    {
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    });

    public void Add(string key, IReadOnlyList<float> values) => AddArray(key, GgufValueType.Float32, values.Count, w =>
    {
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    public void Add(string key, IReadOnlyList<int> values) => AddArray(key, GgufValueType.Int32, values.Count, w =>
    {
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    public void AddTensor(GgufTensor tensor) => _tensors.Add(tensor);

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF files are written little-endian only.");
        }

        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var entry in _metadata)
        {
            entry(writer);
        }

        ulong offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Length);
            foreach (var dimension in tensor.Shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(tensor.Half ? F16TensorType : F32TensorType);
            writer.Write(offset);
            offset = AlignUp(offset + (ulong)tensor.ByteCount);
        }

        Pad(writer);
        foreach (var tensor in _tensors)
        {
            var values = new float[tensor.ElementCount];
            tensor.Fill(values);
            if (tensor.Half)
            {
                var halves = new Half[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                writer.Write(MemoryMarshal.AsBytes(halves.AsSpan()));
            }
            else
            {
                writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            }

            Pad(writer);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private void AddScalar(string key, GgufValueType type, Action<BinaryWriter> value) => _metadata.Add(w =>
    {
        WriteString(w, key);
        w.Write((uint)type);
        value(w);
    });

    private void AddArray(string key, GgufValueType elementType, int count, Action<BinaryWriter> elements) => _metadata.Add(w =>
    {
        WriteString(w, key);
        w.Write((uint)GgufValueType.Array);
        w.Write((uint)elementType);
        w.Write((ulong)count);
        elements(w);
    });

    private ulong AlignUp(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        var padding = AlignUp(position) - position;
        for (ulong i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }
}
