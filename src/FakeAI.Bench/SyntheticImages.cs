namespace FakeAI.Bench;

/// <summary>Synthetic images attached to each chat turn: sizes in pixels (normal, resampled until positive), how many per
/// turn and the encoding (<c>png</c>, <c>jpeg</c>, or <c>random</c> for either per image). Off while both means are 0.</summary>
public sealed record SyntheticImages
{
    public double WidthMean { get; init; }

    public double WidthStddev { get; init; }

    public double HeightMean { get; init; }

    public double HeightStddev { get; init; }

    public int BatchSize { get; init; } = 1;

    public string Format { get; init; } = "png";

    public bool Enabled => WidthMean > 0 && HeightMean > 0;

    public static IReadOnlyList<string> Formats { get; } = ["png", "jpeg", "random"];
}
