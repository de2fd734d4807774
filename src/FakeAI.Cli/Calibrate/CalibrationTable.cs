using System.Globalization;
using FakeAI.Reports.Calibration;
using FakeAI.Server.Engine.Calibration;
using Spectre.Console;

namespace FakeAI.Cli.Calibrate;

/// <summary>Each sweep level measured beside the fitted twin's prediction, with the relative error of each figure.</summary>
internal static class CalibrationTable
{
    public static Table Render(EngineFit fit)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Clients")
            .AddColumn("Prompt")
            .AddColumn(new TableColumn("TTFT p50 ms: measured / twin (error)").RightAligned())
            .AddColumn(new TableColumn("ITL ms: measured / twin (error)").RightAligned())
            .AddColumn(new TableColumn("Requests/s: measured / twin (error)").RightAligned());
        foreach (var r in fit.Residuals)
        {
            table.AddRow(
                Number(r.Measured.Point.Concurrency),
                Number(r.Measured.Point.PromptTokens),
                TwinFormat.Cell(r.Measured.TtftP50Ms, r.Predicted.TtftP50Ms, r.TtftError),
                TwinFormat.Cell(r.Measured.ItlAvgMs, r.Predicted.ItlAvgMs, r.ItlError),
                TwinFormat.Cell(r.Measured.RequestsPerSecond, r.Predicted.RequestsPerSecond, r.ThroughputError));
        }

        return table;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
