using FakeAI.Bench;
using FakeAI.Cli.Embedded;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FakeAI.Cli.Progress;

/// <summary>
/// Progress of a command that runs several profile runs one after another (<c>suite</c>, <c>bench</c>): the runner's
/// lines plus the engine's snapshots of the run in progress. <c>headingOf</c> recognises the line that starts a run and
/// returns the heading of its panel (null for other lines). On a terminal the lines so far and a live panel headed by
/// the current run; in a log the lines, with the run's progress every 10 % or 10 s.
/// </summary>
internal static class RunSequenceProgress
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<string, string?> headingOf, Func<IProgress<string>, IProgress<ProfileProgress>, Task<T>> run)
    {
        var gate = new Lock();
        var tracker = new ProgressTracker();
        string? heading = null;
        if (console.Profile.Capabilities.Interactive)
        {
            var lines = new List<string>();
            T result = default!;
            IRenderable View() => new Rows(lines.Select(l => (IRenderable)new Text(l)).Append(tracker.Panel(heading)));
            await console.Live(View()).AutoClear(false).StartAsync(async context =>
            {
                result = await run(
                    new SynchronousProgress(line =>
                    {
                        lock (gate)
                        {
                            lines.Add(line);
                            if (headingOf(line) is { } next)
                            {
                                heading = next;
                                tracker = new ProgressTracker();
                            }

                            context.UpdateTarget(View());
                        }
                    }),
                    new SynchronousProgress<ProfileProgress>(p =>
                    {
                        lock (gate)
                        {
                            tracker.Update(p);
                            context.UpdateTarget(View());
                        }
                    }));
            });
            return result;
        }

        var throttle = new PlainProgressThrottle();
        var writer = console.Profile.Out.Writer;
        return await run(
            new SynchronousProgress(line =>
            {
                lock (gate)
                {
                    writer.WriteLine(line);
                    if (headingOf(line) is not null)
                    {
                        tracker = new ProgressTracker();
                        throttle = new PlainProgressThrottle();
                    }
                }
            }),
            new SynchronousProgress<ProfileProgress>(p =>
            {
                lock (gate)
                {
                    tracker.Update(p);
                    if (throttle.ShouldPrint(p))
                    {
                        writer.WriteLine("    " + tracker.Line());
                    }
                }
            }));
    }
}
