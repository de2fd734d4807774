using FakeAI.Cli;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
return await CliApp.RunAsync(args, AnsiConsole.Console, cancellation.Token);
