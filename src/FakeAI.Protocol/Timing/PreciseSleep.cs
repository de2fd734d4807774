using System.Runtime.InteropServices;

namespace FakeAI.Protocol.Timing;

/// <summary>
/// Sub-millisecond sleeps. .NET's own waits have millisecond granularity (and a spin burns a core that the streams
/// need on a small machine), so on Linux this calls <c>nanosleep</c>, which wakes within tens of microseconds.
/// Elsewhere it yields the thread instead. Shared by the server's token scheduler and the client's request pacer.
/// </summary>
public static partial class PreciseSleep
{
    public static void For(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Yield();
            return;
        }

        var request = new Timespec { Seconds = (long)duration.TotalSeconds, Nanoseconds = (duration.Ticks % TimeSpan.TicksPerSecond) * 100 };
        _ = NanoSleep(in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NanoSleep(in Timespec request, IntPtr remaining);
}
