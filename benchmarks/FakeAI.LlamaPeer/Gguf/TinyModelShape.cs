namespace FakeAI.LlamaPeer.Gguf;

/// <summary>
/// The size of a random-weights llama model: layers, embedding width, feed-forward width, attention heads, training
/// context, and whether its matrices are stored as F16 (the norms stay F32, as llama.cpp's converters write them).
/// </summary>
internal sealed record TinyModelShape(int Layers, int Embedding, int FeedForward, int Heads, int ContextLength, bool Half = false)
{
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Layers < 1)
        {
            errors.Add("--layers must be at least 1");
        }

        if (Embedding < 8 || Heads < 1 || Embedding % Heads != 0 || Embedding / Heads % 2 != 0)
        {
            errors.Add("--embd must be at least 8 and a multiple of --heads with an even head size (rotary embedding)");
        }

        if (FeedForward < 1)
        {
            errors.Add("--ff must be at least 1");
        }

        if (ContextLength < 64)
        {
            errors.Add("--ctx must be at least 64");
        }

        return errors;
    }
}
