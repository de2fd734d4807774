namespace FakeAI.Cli;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but its outcome is a failure (no successful request, error rate above the limit, a regression).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown flag, malformed value, invalid combination, unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl+C / SIGTERM after writing what was measured.</summary>
    public const int Cancelled = 130;
}
