namespace FakeAI.Cli;

/// <summary>
/// Runs socket completions on the runtime's event threads instead of queuing them to the thread pool, unless the user
/// chose otherwise. A burst of 100 requests queued its completions behind the client's own work items in the pool: the
/// server picked the requests up in two groups 2 and 4 ms after they were sent, and the first wave's TTFT p50 was
/// 2.6-12 ms over its setting; inline, 1.4-3.0 ms (docs/PERFORMANCE.md, "Cold start"). The server's handlers hop to
/// the pool right after stamping a request's arrival, so no handler work holds an event thread for long.
/// </summary>
internal static class SocketCompletions
{
    internal const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Must run before the first socket is created: the runtime reads the variable once.</summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
