namespace FakeAI.LlamaPeer;

/// <summary>The peer's settings: the model file and the name it answers to, the engine's size and where to listen.</summary>
internal sealed record ServeOptions
{
    public required string ModelPath { get; init; }

    public string ModelName { get; init; } = "tiny";

    public int Slots { get; init; } = 4;

    public int Threads { get; init; } = 1;

    public int SlotContext { get; init; } = 2048;

    public int BatchSize { get; init; } = 2048;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!File.Exists(ModelPath))
        {
            errors.Add($"--model: no such file '{ModelPath}'");
        }

        if (Slots is < 1 or > 256)
        {
            errors.Add("--slots must be between 1 and 256");
        }

        if (Threads < 1)
        {
            errors.Add("--threads must be at least 1");
        }

        if (SlotContext < 16)
        {
            errors.Add("--slot-ctx must be at least 16");
        }

        if (BatchSize < Slots)
        {
            errors.Add("--batch must be at least --slots (one token of every slot per step)");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add("--port must be between 0 and 65535");
        }

        return errors;
    }
}
