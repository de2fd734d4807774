namespace FakeAI.LlamaPeer.Gguf;

/// <summary>The metadata value types of GGUF (docs/gguf.md in ggml), by their numbers in the file.</summary>
internal enum GgufValueType : uint
{
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
}
