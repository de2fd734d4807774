namespace FakeAI.Cli;

/// <summary>
/// Process exit codes shared by every command. <see cref="Table"/> is the documented list (README "Exit codes"; a test
/// keeps the two in step): a new code is a constant here plus a row in the table.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but its outcome is a failure (no successful request, error rate above the limit, a regression).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown flag, malformed value, invalid combination, unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>The server at <c>--url</c> (or the embedded one) did not answer before any load was sent.</summary>
    public const int Unreachable = 3;

    /// <summary>A shard (<c>--shard</c>) was ready only after its <c>--start-at</c> had passed (beyond a 1 s tolerance): it
    /// sent nothing.</summary>
    public const int ShardStartMissed = 4;

    /// <summary>An unexpected failure (a bug): one line on stderr, the details in a log file (sysexits' EX_SOFTWARE).</summary>
    public const int Internal = 70;

    /// <summary>Interrupted by Ctrl+C / SIGTERM after writing what was measured.</summary>
    public const int Cancelled = 130;

    public static IReadOnlyList<ExitCodeMeaning> Table { get; } =
    [
        new(Success, "the command did what was asked"),
        new(Failure, "the run completed but failed: no request succeeded, more requests failed than succeeded (without `--max-error-rate`), `--max-error-rate` exceeded, the server stopped accepting connections mid-run for longer than `--server-outage-timeout`, a suite run or benchmark failed, `compare` found a regression"),
        new(Usage, "bad input: unknown option, malformed value, invalid combination, unreadable or unwritable file, port already in use"),
        new(Unreachable, "the server to benchmark did not answer before any load was sent (`--url` wrong, server down)"),
        new(ShardStartMissed, "a shard (`--shard`) was ready more than 1 s after its `--start-at`; it sent nothing"),
        new(Internal, "unexpected failure (a bug): one line on stderr naming a log file with the details; records already measured are kept"),
        new(Cancelled, "interrupted by Ctrl+C or SIGTERM; what was measured so far is written and marked cancelled"),
    ];
}
