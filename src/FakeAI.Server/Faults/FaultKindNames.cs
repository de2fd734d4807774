namespace FakeAI.Server.Faults;

/// <summary>The names of <see cref="FaultKind"/> in flags, config, the <c>X-FakeAI-Fault</c> header and metrics.</summary>
public static class FaultKindNames
{
    private static readonly string[] Names =
        ["429", "500", "503", "400", "401", "timeout", "disconnect", "stream-error", "stall", "truncated-json"];

    /// <summary>Every name, in <see cref="FaultKind"/> order.</summary>
    public static IReadOnlyList<string> All => Names;

    public static string Name(this FaultKind kind) => Names[(int)kind];

    public static bool TryParse(string? text, out FaultKind kind)
    {
        var index = Array.FindIndex(Names, n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        kind = (FaultKind)Math.Max(0, index);
        return index >= 0;
    }

    /// <summary>Whether the fault breaks a response that has started (it needs the response's tokens).</summary>
    public static bool IsMidStream(this FaultKind kind) => kind >= FaultKind.Disconnect;
}
