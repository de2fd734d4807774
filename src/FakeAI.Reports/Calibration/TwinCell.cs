using System.Text.Json.Serialization;

namespace FakeAI.Reports.Calibration;

/// <summary>One sweep cell (closed-loop clients × prompt length) measured on the real server and on its twin.</summary>
internal sealed record TwinCell(int Concurrency, int PromptTokens, TwinFigures Real, TwinFigures Twin)
{
    /// <summary>The twin's relative error of each figure: <c>twin / real − 1</c>.</summary>
    public TwinErrors Error => Twin.ErrorAgainst(Real);

    /// <summary>The figure the twin misses most, with its signed error.</summary>
    [JsonIgnore]
    public (string Name, double Value) Worst => Error.Named().MaxBy(f => Math.Abs(f.Value));

    public string WorstFigure => Worst.Name;

    /// <summary>The largest error of the cell's figures, in absolute value.</summary>
    public double WorstError => Math.Abs(Worst.Value);
}
