namespace FakeAI.Cli.Failures;

/// <summary>
/// What a running command has on disk, for the report of an unexpected failure: the artifact directory (the crash log goes
/// to its <c>logs/</c> folder) and the file of records measured so far (named in the error line, never deleted).
/// <see cref="CliApp"/> installs one per invocation; commands fill it in as they learn the paths. The holder is flowed with
/// the execution context, so background work started by the command sees it too.
/// </summary>
internal sealed class CrashContext
{
    private static readonly AsyncLocal<CrashContext?> CurrentHolder = new();

    /// <summary>The invocation's context, or null outside a command.</summary>
    public static CrashContext? Current
    {
        get => CurrentHolder.Value;
        set => CurrentHolder.Value = value;
    }

    /// <summary>The subcommand's name, for the log (the rest of the command line may hold secrets, so it is not logged).</summary>
    public string? Command { get; init; }

    /// <summary>The command's artifact directory once known.</summary>
    public string? ArtifactDirectory { get; set; }

    /// <summary>The per-request records journalled so far, once the run has started them.</summary>
    public string? RecordsFile { get; set; }
}
