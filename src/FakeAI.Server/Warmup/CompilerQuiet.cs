using System.Runtime;

namespace FakeAI.Server.Warmup;

/// <summary>
/// Waits until the runtime has stopped compiling. After a warm-up the runtime recompiles the hot methods optimized on a
/// background thread: measured here, ~3,000 methods over 1.3–1.7 s after the server's and again after the client's
/// warm-up, one of the 2 cores busy the whole time, exactly when the first measured requests run. The recompilation
/// only starts after a ~100 ms delay that follows the last first-time compilation, so a single quiet window proves
/// nothing: quiet means <see cref="QuietWindows"/> consecutive windows with at most <see cref="QuietCompilations"/>
/// methods compiled.
/// </summary>
public static class CompilerQuiet
{
    public const int QuietWindows = 3;

    public const long QuietCompilations = 2;

    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns true once the compiler is quiet, false if <paramref name="maxWait"/> passed first.</summary>
    public static Task<bool> WaitAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        WaitAsync(() => JitInfo.GetCompiledMethodCount(), TimeProvider.System, maxWait, cancellationToken);

    internal static async Task<bool> WaitAsync(Func<long> compiledMethods, TimeProvider time, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var last = compiledMethods();
        var quiet = 0;
        while (time.GetElapsedTime(started) < maxWait)
        {
            await Task.Delay(Window, time, cancellationToken).ConfigureAwait(false);
            var now = compiledMethods();
            quiet = now - last <= QuietCompilations ? quiet + 1 : 0;
            last = now;
            if (quiet >= QuietWindows)
            {
                return true;
            }
        }

        return false;
    }
}
