namespace FakeAI.Bench;

/// <summary>Synthetic audio clips attached to each chat turn: length in seconds (normal, at least 10 ms), how many per turn,
/// the container (<c>wav</c> or <c>mp3</c>), and the bit depths, sample rates (kHz) and channel count to draw from.
/// Off while the mean length is 0.</summary>
public sealed record SyntheticAudio
{
    public double LengthMeanSeconds { get; init; }

    public double LengthStddevSeconds { get; init; }

    public int BatchSize { get; init; } = 1;

    public string Format { get; init; } = "wav";

    public IReadOnlyList<int> Depths { get; init; } = [16];

    public IReadOnlyList<double> SampleRatesKhz { get; init; } = [16.0];

    public int Channels { get; init; } = 1;

    public bool Enabled => LengthMeanSeconds > 0;

    public static IReadOnlyList<string> Formats { get; } = ["wav", "mp3"];

    public static IReadOnlyList<int> SupportedDepths { get; } = [8, 16, 24, 32];

    /// <summary>The MPEG audio sample rates (kHz) an mp3 clip can use.</summary>
    public static IReadOnlyList<double> Mp3SampleRatesKhz { get; } = [8, 11.025, 12, 16, 22.05, 24, 32, 44.1, 48];
}
