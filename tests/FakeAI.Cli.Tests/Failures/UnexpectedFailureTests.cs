using System.CommandLine;
using System.Runtime.CompilerServices;
using FakeAI.Cli.Failures;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Failures;

/// <summary>
/// An exception no command anticipated: one line on the error console, the stack in a log file, exit code 70. The failure
/// is injected as an extra subcommand of the real command tree (nothing test-only is added to the public CLI).
/// </summary>
public sealed class UnexpectedFailureTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-crash-tests-" + Guid.NewGuid().ToString("N"));

    public UnexpectedFailureTests() => Directory.CreateDirectory(_directory);

    private string TempDirectory => Path.Combine(_directory, "tmp");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_command_that_throws_gets_one_error_line_exit_70_and_a_log_with_the_whole_exception()
    {
        var (exitCode, output, errors) = await RunAsync(_ => ThrowNested());

        Assert.Equal(ExitCodes.Internal, exitCode);
        Assert.Equal(70, exitCode);
        Assert.Contains("partial output before the failure", output, StringComparison.Ordinal);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: unexpected failure: InvalidOperationException: the outer failure (details in ", line, StringComparison.Ordinal);
        Assert.EndsWith(")", line, StringComparison.Ordinal);

        var log = Assert.Single(Directory.GetFiles(TempDirectory));
        Assert.Contains($"(details in {log})", line, StringComparison.Ordinal);
        Assert.Matches(@"fakeai-crash-\d{8}T\d{6}Z-\d+\.log$", log);
        var text = await File.ReadAllTextAsync(log);
        Assert.StartsWith("fakeai unexpected failure at ", text, StringComparison.Ordinal); // plain UTF-8, no BOM
        Assert.Equal((byte)'f', (await File.ReadAllBytesAsync(log))[0]);
        Assert.Contains("command: fakeai crash", text, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: the outer failure", text, StringComparison.Ordinal);
        Assert.Contains("System.FormatException: the inner cause", text, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowInner), text, StringComparison.Ordinal); // the inner exception's stack
        Assert.Contains(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_line_holds_no_stack_frames_or_source_paths()
    {
        var (_, _, errors) = await RunAsync(_ => ThrowNested());

        var line = errors.Trim();
        var sourceFile = ThisFile();
        Assert.DoesNotContain(sourceFile, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetFileName(sourceFile), line, StringComparison.Ordinal);
        Assert.DoesNotContain(RepositoryFiles.Root, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(":line ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowInner), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_line_message_stays_on_one_line()
    {
        var (_, _, errors) = await RunAsync(_ => throw new InvalidDataException("first\nsecond\r\nthird"));

        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("InvalidDataException: first second third (details in", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_wrapper_shows_the_exception_inside_it()
    {
        var (_, _, errors) = await RunAsync(_ => throw new AggregateException(new KeyNotFoundException("no such key")));

        Assert.Contains("error: unexpected failure: KeyNotFoundException: no such key (details in", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_artifact_directory_the_log_goes_to_its_logs_folder_and_the_records_are_kept_and_named()
    {
        var artifacts = Path.Combine(_directory, "run");
        var records = Path.Combine(artifacts, "profile_export.jsonl");
        var (exitCode, _, errors) = await RunAsync(_ =>
        {
            // What a profile run has once its journal started: measured records on disk.
            Directory.CreateDirectory(artifacts);
            File.WriteAllText(records, "{\"request\":1}\n{\"request\":2}\n");
            var context = CrashContext.Current!;
            context.ArtifactDirectory = artifacts;
            context.RecordsFile = records;
            throw new InvalidCastException("a bug in the middle of the run");
        });

        Assert.Equal(ExitCodes.Internal, exitCode);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(artifacts, "logs")));
        Assert.False(Directory.Exists(TempDirectory));
        Assert.Equal(
            $"error: unexpected failure: InvalidCastException: a bug in the middle of the run (details in {log}; records measured so far are kept in {records})",
            errors.Trim());
        Assert.Equal("{\"request\":1}\n{\"request\":2}\n", await File.ReadAllTextAsync(records));
        Assert.Contains($"records measured so far: {records} (kept)", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_artifact_directory_falls_back_to_the_temp_folder()
    {
        var notADirectory = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(notADirectory, "x");
        var (_, _, errors) = await RunAsync(_ =>
        {
            CrashContext.Current!.ArtifactDirectory = notADirectory;
            throw new InvalidOperationException("boom");
        });

        var log = Assert.Single(Directory.GetFiles(TempDirectory));
        Assert.Contains($"(details in {log})", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_that_reaches_the_top_exits_130_without_a_log()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (exitCode, _, errors) = await RunAsync(token => throw new OperationCanceledException(token), cancelled.Token);

        Assert.Equal(ExitCodes.Cancelled, exitCode);
        Assert.Equal("error: cancelled", errors.Trim());
        Assert.False(Directory.Exists(TempDirectory));
    }

    [Fact]
    public async Task A_timeout_that_is_not_a_cancellation_is_an_unexpected_failure()
    {
        var (exitCode, _, errors) = await RunAsync(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        Assert.Equal(ExitCodes.Internal, exitCode);
        Assert.StartsWith("error: unexpected failure: TaskCanceledException: ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_background_failure_is_reported_the_same_way()
    {
        // What Program.cs's AppDomain.UnhandledException handler does before Environment.Exit with the returned code.
        var errors = new TestConsole();
        var context = new CrashContext { Command = "server" };

        var exitCode = new UnexpectedFailure(tempDirectory: TempDirectory).Report(new InvalidOperationException("thread died"), context, errors);

        Assert.Equal(ExitCodes.Internal, exitCode);
        Assert.StartsWith("error: unexpected failure: InvalidOperationException: thread died (details in ", errors.Output, StringComparison.Ordinal);
        Assert.Contains("command: fakeai server", File.ReadAllText(Assert.Single(Directory.GetFiles(TempDirectory))), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(Action<CancellationToken> fail, CancellationToken cancellationToken = default)
    {
        var output = new TestConsole();
        var errors = new TestConsole();
        output.Profile.Width = 100;
        errors.Profile.Width = 40; // narrow: the line must not be wrapped
        var root = CliApp.BuildRootCommand(output);
        var crash = new Command("crash", "Throws (test only).");
        crash.SetAction((_, token) =>
        {
            output.Profile.Out.Writer.WriteLine("partial output before the failure");
            fail(token);
            return Task.FromResult(0);
        });
        root.Subcommands.Add(crash);

        var exitCode = await CliApp.RunAsync(root, ["crash"], output, errors, new UnexpectedFailure(tempDirectory: TempDirectory), cancellationToken);
        return (exitCode, output.Output, errors.Output);
    }

    private static void ThrowNested()
    {
        try
        {
            ThrowInner();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("the outer failure", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInner() => throw new FormatException("the inner cause");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
