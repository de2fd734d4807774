namespace FakeAI.Cli;

/// <summary>
/// A command cannot go on: the message is printed as one line on the error console and the process exits with
/// <see cref="ExitCode"/> (one of <see cref="ExitCodes"/>).
/// </summary>
internal class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
        ExitCode = ExitCodes.Failure;
    }

    public CliException(string message)
        : this(ExitCodes.Failure, message)
    {
    }

    public CliException(string message, Exception innerException)
        : this(ExitCodes.Failure, message, innerException)
    {
    }

    public int ExitCode { get; }
}
