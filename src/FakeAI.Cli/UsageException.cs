namespace FakeAI.Cli;

/// <summary>Bad command-line input; the message is printed as one line and the process exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException : CliException
{
    public UsageException(string message)
        : base(ExitCodes.Usage, message)
    {
    }

    public UsageException()
        : base(ExitCodes.Usage, "invalid command line")
    {
    }

    public UsageException(string message, Exception innerException)
        : base(ExitCodes.Usage, message, innerException)
    {
    }
}
