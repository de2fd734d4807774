namespace FakeAI.Cli.Embedded;

/// <summary>
/// Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool and reorder lines).
/// The commands write progress lines straight to the console's writer so that logs are not re-wrapped at 80 columns.
/// </summary>
internal class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>Progress lines, reported on the caller's thread.</summary>
internal sealed class SynchronousProgress(Action<string> report) : SynchronousProgress<string>(report);
