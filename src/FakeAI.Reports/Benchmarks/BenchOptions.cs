namespace FakeAI.Reports.Benchmarks;

/// <summary>What <c>fakeai bench</c> runs against and how long.</summary>
public sealed record BenchOptions
{
    public required Uri Url { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Fewer requests and shorter phases everywhere (see docs/reports.md for the exact numbers).</summary>
    public bool Quick { get; init; }

    public string OutputDir { get; init; } = "benchmark-results";

    /// <summary>Target rate of the concurrent benchmark's open-loop sustained test. Default 10.</summary>
    public double SustainedRps { get; init; } = 10;

    /// <summary>Length of the sustained test. Default 30 (quick: 10).</summary>
    public double? SustainedSeconds { get; init; }

    /// <summary>Read the server's memory from <c>/proc/&lt;pid&gt;/status</c> instead of its <c>/metrics</c>.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Overrides the duration of every memory phase (seconds); null keeps 60/60/120 (quick: 10/10/20).</summary>
    public double? MemoryPhaseSeconds { get; init; }

    /// <summary>Warm the client and server up before the first benchmark (default true; <c>--no-warmup</c>).</summary>
    public bool Warmup { get; init; } = true;

    /// <summary>The server's latency settings in one line when known (the embedded server's), for the reports; null for a server at <c>--url</c>.</summary>
    public string? ServerSettings { get; init; }

    /// <summary>True when the target is a FakeAI server embedded in this process, so its memory includes the load generator.</summary>
    public bool EmbeddedServer { get; init; }

    /// <summary>
    /// Starts another embedded FakeAI server with the given <c>--router</c> policy and otherwise the embedded target's
    /// settings (the CLI composes it: Reports does not reference the server). Null when the target is not embedded, so
    /// the KV-cache benchmark's router comparison runs only where both sides are known to be alike.
    /// </summary>
    public Func<string, CancellationToken, Task<EmbeddedServerLease>>? StartEmbeddedServer { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(SustainedRps > 0) || !double.IsFinite(SustainedRps))
        {
            errors.Add("--sustained-rps must be > 0");
        }

        if (SustainedSeconds is { } s && (!(s >= 1) || !double.IsFinite(s)))
        {
            errors.Add("--sustained-seconds must be >= 1");
        }

        if (MemoryPhaseSeconds is { } m && (!(m >= 1) || !double.IsFinite(m)))
        {
            errors.Add("--memory-phase-seconds must be >= 1");
        }

        if (ServerPid is < 1)
        {
            errors.Add("--server-pid must be a process id");
        }

        if (string.IsNullOrWhiteSpace(OutputDir))
        {
            errors.Add("--artifact-dir must not be empty");
        }

        return errors;
    }
}
