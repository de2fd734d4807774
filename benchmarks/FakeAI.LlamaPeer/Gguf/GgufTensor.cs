namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// One tensor to write: its name, its shape in ggml order (the first dimension is the contiguous one), whether it is
/// stored as F16 (else F32), and a function that fills its elements in that order.
/// </summary>
internal sealed record GgufTensor(string Name, long[] Shape, bool Half, Action<Span<float>> Fill)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    public long ByteCount => ElementCount * (Half ? 2 : sizeof(float));
}
