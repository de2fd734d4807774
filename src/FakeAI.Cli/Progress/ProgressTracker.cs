using System.Globalization;
using FakeAI.Bench;
using FakeAI.Bench.Records;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FakeAI.Cli.Progress;

/// <summary>
/// Turns the engine's progress snapshots into what a person watches: done/total, the request rate over the last few
/// seconds, an ETA, errors and the running TTFT and ITL medians; as a live panel or as one line.
/// </summary>
internal sealed class ProgressTracker
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private readonly Queue<(TimeSpan Elapsed, int Completed)> _window = new();

    public ProfileProgress? Last { get; private set; }

    /// <summary>Completed requests per second over the last <see cref="RateWindow"/>; null until half a second has passed.</summary>
    public double? Rate { get; private set; }

    public void Update(ProfileProgress progress)
    {
        if (Last is { } last && last.Phase != progress.Phase)
        {
            _window.Clear();
        }

        Last = progress;
        _window.Enqueue((progress.Elapsed, progress.Completed));
        while (_window.Count > 2 && progress.Elapsed - _window.Peek().Elapsed > RateWindow)
        {
            _window.Dequeue();
        }

        var (oldestElapsed, oldestCompleted) = _window.Peek();
        var span = (progress.Elapsed - oldestElapsed).TotalSeconds;
        Rate = span >= 0.5 ? (progress.Completed - oldestCompleted) / span : Rate;
    }

    /// <summary>Time left: the rest of a duration, or the remaining requests at the current rate.</summary>
    public TimeSpan? Eta => Last switch
    {
        { Duration: { } duration } p => duration > p.Elapsed ? duration - p.Elapsed : TimeSpan.Zero,
        { Total: { } total } p when Rate is > 0 => TimeSpan.FromSeconds(Math.Max(0, total - p.Completed) / Rate.Value),
        _ => null,
    };

    public string Line()
    {
        if (Last is not { } p)
        {
            return "starting";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Phase(p)}: {Done(p)}, {RateText()}, ETA {EtaText()}, {p.Errors} errors, {p.InFlight} in flight, TTFT p50 {Ms(p.TtftP50Ms)}, ITL p50 {Ms(p.ItlP50Ms)}, {p.Elapsed.TotalSeconds:F1} s");
    }

    public IRenderable Panel(string? heading)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        if (Last is not { } p)
        {
            grid.AddRow("status", "starting");
        }
        else
        {
            var fraction = p.Total is > 0 ? Math.Min(1, (double)p.Completed / p.Total.Value)
                : p.Duration is { TotalSeconds: > 0 } d ? Math.Min(1, p.Elapsed / d) : 0;
            grid.AddRow(new Text("done"), new BreakdownBar(fraction));
            grid.AddRow("requests", Markup.Escape(Done(p)));
            grid.AddRow("rate", RateText());
            grid.AddRow("ETA", EtaText());
            grid.AddRow("errors", p.Errors > 0 ? $"[red]{p.Errors}[/]" : "0");
            grid.AddRow("in flight", p.InFlight.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("TTFT p50", Ms(p.TtftP50Ms));
            grid.AddRow("ITL p50", Ms(p.ItlP50Ms));
        }

        var title = Last is { } last ? $"{Phase(last)}, {last.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s" : "starting";
        return new Panel(grid).Header(Markup.Escape(heading is null ? title : $"{heading} — {title}")).RoundedBorder();
    }

    private static string Phase(ProfileProgress p) => p.Phase == BenchmarkPhase.Warmup ? "warmup" : "profiling";

    private static string Done(ProfileProgress p) => p.Total is { } total
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Completed}/{total} requests ({(total == 0 ? 100 : 100.0 * p.Completed / total):F0} %)")
        : string.Create(CultureInfo.InvariantCulture, $"{p.Completed} requests, {p.Elapsed.TotalSeconds:F0}/{p.Duration?.TotalSeconds:F0} s");

    private string RateText() => Rate is { } rate ? rate.ToString("F1", CultureInfo.InvariantCulture) + " req/s" : "—";

    private string EtaText() => Eta is { } eta
        ? eta.TotalSeconds < 60 ? eta.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s" : eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : "—";

    private static string Ms(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) + " ms" : "—";

    /// <summary>A plain progress bar that fills the column.</summary>
    private sealed class BreakdownBar(double fraction) : Renderable
    {
        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            var width = Math.Max(10, Math.Min(50, maxWidth - 6));
            var filled = (int)Math.Round(fraction * width);
            yield return new Segment(new string('█', filled), new Style(Color.Green));
            yield return new Segment(new string('░', width - filled), new Style(Color.Grey));
            yield return new Segment(string.Create(CultureInfo.InvariantCulture, $" {fraction * 100,3:F0}%"));
        }
    }
}
