namespace FakeAI.Cli.Embedded;

/// <summary>
/// Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool and reorder lines).
/// The commands write progress lines straight to the console's writer so that logs are not re-wrapped at 80 columns.
/// </summary>
internal sealed class SynchronousProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
