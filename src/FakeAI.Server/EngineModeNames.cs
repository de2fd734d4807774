namespace FakeAI.Server;

/// <summary>The command-line spelling of <see cref="EngineMode"/> values.</summary>
public static class EngineModeNames
{
    public static IReadOnlyList<string> All { get; } = ["delay", "batching"];

    /// <summary>Parses <c>delay</c> or <c>batching</c> (case-insensitive).</summary>
    public static bool TryParse(string? name, out EngineMode mode)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "DELAY":
                mode = EngineMode.Delay;
                return true;
            case "BATCHING":
                mode = EngineMode.Batching;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    public static string NameOf(EngineMode mode) => mode switch
    {
        EngineMode.Delay => "delay",
        EngineMode.Batching => "batching",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
