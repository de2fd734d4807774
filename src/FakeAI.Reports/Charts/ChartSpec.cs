using ScottPlot;

namespace FakeAI.Reports.Charts;

/// <summary>
/// A chart a report will show: its file name, its caption, and how to build its plot. Building is separate from writing
/// so the plot model itself can be checked (axis labels, ticks, legend placement) without reading pixels.
/// </summary>
internal sealed record ChartSpec(string FileName, string Caption, Func<Plot?> Build)
{
    /// <summary>Builds and writes the PNG into <paramref name="directory"/>; false when there was nothing to draw.</summary>
    public bool Write(string directory) => ChartRenderer.Save(Build(), Path.Combine(directory, FileName));
}
