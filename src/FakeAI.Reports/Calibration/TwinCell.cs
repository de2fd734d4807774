using System.Text.Json.Serialization;

namespace FakeAI.Reports.Calibration;

/// <summary>One sweep cell (closed-loop clients × prompt length) measured on the real server and on its twin.</summary>
internal sealed record TwinCell(int Concurrency, int PromptTokens, TwinFigures Real, TwinFigures Twin)
{
    /// <summary>The twin's relative error of each figure: <c>twin / real − 1</c>.</summary>
    public TwinErrors Error => Twin.ErrorAgainst(Real);

    /// <summary>The judged figure the twin misses most, with its signed error (<see cref="TwinErrors.Judged"/>).</summary>
    [JsonIgnore]
    public (string Name, double Value) Worst => Error.Judged().MaxBy(f => Math.Abs(f.Value));

    public string WorstFigure => Worst.Name;

    /// <summary>The largest error of the cell's judged figures, in absolute value.</summary>
    public double WorstError => Math.Abs(Worst.Value);
}
