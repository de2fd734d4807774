using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using FakeAI.Cli.Failures;
using FakeAI.Cli.Help;
using FakeAI.Cli.Parsing;
using Spectre.Console;

namespace FakeAI.Cli;

/// <summary>
/// The <c>fakeai</c> command tree. Every subcommand renders through the given <see cref="IAnsiConsole"/>, so tests run
/// the real command line against a <c>TestConsole</c>; errors go to a second console (stderr in the real process).
/// </summary>
internal static class CliApp
{
    /// <summary>Layout width when output is redirected (Spectre assumes 80 columns, which wraps metric names and paths).</summary>
    internal const int RedirectedWidth = 140;

    /// <summary>Help is wrapped at the terminal's width up to this many columns (also when piped into a pager).</summary>
    internal const int HelpWidth = 100;

    /// <summary>Runs with output and errors on the same console (tests that read both in order).</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken) =>
        RunAsync(args, console, console, cancellationToken);

    public static Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        FitRedirected(console);
        FitRedirected(errors);
        return RunAsync(BuildRootCommand(console), args, console, errors, new UnexpectedFailure(), cancellationToken);
    }

    /// <summary>Runs <paramref name="root"/> (tests add commands to it); <paramref name="failures"/> reports what no command anticipated.</summary>
    internal static async Task<int> RunAsync(RootCommand root, string[] args, IAnsiConsole console, IAnsiConsole errors, UnexpectedFailure failures, CancellationToken cancellationToken)
    {
        // System.CommandLine converts numbers with the current culture: under de-DE "--request-rate 0.5" became 5. Every
        // number a user types or reads here is in the invariant form the exported files use; the setting flows with this
        // async call's context only (the caller's culture is back when it returns).
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not GroupedHelpAction)
        {
            WriteError(errors, ParseErrorMessages.Describe(parseResult));
            return ExitCodes.Usage;
        }

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var context = new CrashContext { Command = parseResult.CommandResult.Command.Name };
        CrashContext.Current = context;
        try
        {
            var exitCode = await parseResult.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false },
                cancellationToken);
            console.Write(new Text(output.ToString()));
            return exitCode;
        }
        catch (CliException e)
        {
            console.Write(new Text(output.ToString()));
            WriteError(errors, e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Commands turn Ctrl+C into their own exit; one that let the cancellation through still exits as cancelled.
            console.Write(new Text(output.ToString()));
            WriteError(errors, "cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // A bug: one line here, the stack in a log file, never a stack trace on the console.
            console.Write(new Text(output.ToString()));
            return failures.Report(e, context, errors);
        }
        finally
        {
            CrashContext.Current = null;
        }
    }

    internal static RootCommand BuildRootCommand(IAnsiConsole console)
    {
        var root = new RootCommand("FakeAI: a fake OpenAI-compatible LLM server and an aiperf-compatible benchmark client.");
        foreach (var command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        root.Options.OfType<HelpOption>().Single().Action = new GroupedHelpAction(Math.Min(console.Profile.Width, HelpWidth));
        return root;
    }

    private static void FitRedirected(IAnsiConsole console)
    {
        if (!console.Profile.Capabilities.Interactive && console.Profile.Width < RedirectedWidth)
        {
            console.Profile.Width = RedirectedWidth;
        }
    }

    /// <summary>
    /// One line per error. Spectre re-flows text at the console width (80 columns when output is redirected), which would
    /// split a long message across lines for scripts reading it, so redirected output bypasses the layout.
    /// </summary>
    internal static void WriteError(IAnsiConsole console, string message)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
            return;
        }

        console.Profile.Out.Writer.WriteLine("error: " + message);
    }
}
