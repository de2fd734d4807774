namespace FakeAI.Cli.Embedded;

/// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool and reorder lines).</summary>
internal sealed class SynchronousProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
