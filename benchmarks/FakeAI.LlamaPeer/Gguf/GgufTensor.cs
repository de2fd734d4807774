namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// One F32 tensor to write: its name, its shape in ggml order (the first dimension is the contiguous one) and a function
/// that fills its elements in that order.
/// </summary>
internal sealed record GgufTensor(string Name, long[] Shape, Action<Span<float>> Fill)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    public long ByteCount => ElementCount * sizeof(float);
}
