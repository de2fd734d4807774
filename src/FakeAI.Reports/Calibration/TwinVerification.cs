using System.Text.Json.Serialization;

namespace FakeAI.Reports.Calibration;

/// <summary>
/// <c>fakeai calibrate --verify</c>'s result: the same sweep run against the real server and against the twin that an
/// engine profile describes, cell by cell, judged against <see cref="MaxError"/>.
/// </summary>
internal sealed record TwinVerification
{
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The real server's URL.</summary>
    public required string Real { get; init; }

    /// <summary>The engine profile the twin ran.</summary>
    public required string Profile { get; init; }

    public required string Model { get; init; }

    public required int OutputTokens { get; init; }

    public required double MaxError { get; init; }

    public required IReadOnlyList<TwinCell> Cells { get; init; }

    public double WorstError => Cells.Count == 0 ? 0 : Cells.Max(c => c.WorstError);

    /// <summary>The cells whose worst figure is off by more than <see cref="MaxError"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<TwinCell> Failing => [.. Cells.Where(c => c.WorstError > MaxError)];

    public bool Passed => Failing.Count == 0;
}
