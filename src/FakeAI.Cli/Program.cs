using FakeAI.Cli;
using FakeAI.Cli.Failures;
using Spectre.Console;

SocketCompletions.PreferInline();
using var cancellation = new ConsoleCancellation();
var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

// An exception on a background thread would otherwise end the process with a stack trace on stderr: report it like one
// on the command's own path and exit before the runtime prints anything.
AppDomain.CurrentDomain.UnhandledException += (_, e) => Environment.Exit(
    new UnexpectedFailure().Report(e.ExceptionObject as Exception ?? new InvalidOperationException(Convert.ToString(e.ExceptionObject, System.Globalization.CultureInfo.InvariantCulture)), CrashContext.Current, errors));
return await CliApp.RunAsync(args, AnsiConsole.Console, errors, cancellation.Token);
