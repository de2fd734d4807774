using System.Globalization;
using System.Text;
using Spectre.Console;

namespace FakeAI.Cli.Failures;

/// <summary>
/// Reports an exception no command anticipated (a bug): one line on the error console, the full exception (inner
/// exceptions and stack traces) in a log file, exit code <see cref="ExitCodes.Internal"/>. The log goes to the command's
/// artifact directory (<c>logs/</c>) when it has one, otherwise to the system temp folder; nothing already written (the
/// journalled records) is touched.
/// </summary>
internal sealed class UnexpectedFailure
{
    private readonly TimeProvider _time;
    private readonly string _tempDirectory;

    public UnexpectedFailure(TimeProvider? time = null, string? tempDirectory = null)
    {
        _time = time ?? TimeProvider.System;
        _tempDirectory = tempDirectory ?? Path.GetTempPath();
    }

    /// <summary>Writes the log and the error line; returns the exit code.</summary>
    public int Report(Exception exception, CrashContext? context, IAnsiConsole errors)
    {
        var shown = Unwrap(exception);
        var now = _time.GetUtcNow();
        var log = TryWriteLog(exception, context, now, out var writeError);
        var line = new StringBuilder("unexpected failure: ")
            .Append(shown.GetType().Name).Append(": ").Append(OneLine(shown.Message));
        line.Append(log is not null ? $" (details in {log}" : $" (no details written: {OneLine(writeError ?? "unknown")}");
        if (context?.RecordsFile is { } records && File.Exists(records))
        {
            line.Append("; records measured so far are kept in ").Append(records);
        }

        line.Append(')');
        try
        {
            CliApp.WriteError(errors, line.ToString());
        }
        catch (IOException)
        {
            // stderr is gone (a closed pipe); the exit code and the log still tell.
        }

        return ExitCodes.Internal;
    }

    /// <summary>The log's file name: UTC time and process id, so concurrent or repeated crashes never overwrite each other.</summary>
    internal static string FileName(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"fakeai-crash-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}.log");

    /// <summary>Task plumbing wraps the exception that matters; a single inner one is what the user should see.</summary>
    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private string? TryWriteLog(Exception exception, CrashContext? context, DateTimeOffset now, out string? error)
    {
        error = null;
        var text = Describe(exception, context, now);
        var directories = context?.ArtifactDirectory is { } artifacts ? new[] { Path.Combine(artifacts, "logs"), _tempDirectory } : [_tempDirectory];
        foreach (var directory in directories)
        {
            try
            {
                Directory.CreateDirectory(directory);
                var path = Path.GetFullPath(Path.Combine(directory, FileName(now)));
                File.AppendAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                return path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                error = e.Message;
            }
        }

        return null;
    }

    private static string Describe(Exception exception, CrashContext? context, DateTimeOffset now)
    {
        var version = typeof(UnexpectedFailure).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"fakeai unexpected failure at {now.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC\n")
            .Append(CultureInfo.InvariantCulture, $"command: fakeai {context?.Command ?? "(none)"}\n")
            .Append(CultureInfo.InvariantCulture, $"version: {version}; runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; os: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; pid: {Environment.ProcessId}\n");
        if (context?.ArtifactDirectory is { } directory)
        {
            text.Append("artifact directory: ").Append(directory).Append('\n');
        }

        if (context?.RecordsFile is { } records)
        {
            text.Append("records measured so far: ").Append(records).Append(File.Exists(records) ? " (kept)" : " (not created)").Append('\n');
        }

        // Exception.ToString carries the type, message and stack of the exception and of every inner exception.
        return text.Append('\n').Append(exception).Append('\n').ToString();
    }
}
