namespace FakeAI.Server;

/// <summary>How the server times tokens (<c>--engine</c>).</summary>
public enum EngineMode
{
    /// <summary>An exact delay line: every request gets its TTFT and ITL whatever the load (the default).</summary>
    Delay,

    /// <summary>
    /// A simulated continuous-batching engine per worker: requests share each worker's steps, wait in a queue past
    /// <c>--max-num-seqs</c>, and latency grows with load (docs/engine.md).
    /// </summary>
    Batching,
}
