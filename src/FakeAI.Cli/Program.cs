using FakeAI.Cli;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
return await CliApp.RunAsync(args, AnsiConsole.Console, errors, cancellation.Token);
