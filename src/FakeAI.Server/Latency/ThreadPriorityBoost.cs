using System.Runtime.InteropServices;

namespace FakeAI.Server.Latency;

/// <summary>
/// Raises the calling thread's CPU priority where the operating system lets it. .NET's <see cref="Thread.Priority"/> has no
/// effect on Linux, so there the thread's nice value is lowered with <c>setpriority</c>, which needs root or
/// <c>CAP_SYS_NICE</c>; without them the thread keeps its normal priority.
/// </summary>
internal static class ThreadPriorityBoost
{
    /// <summary>The nice value asked for: enough to win the CPU from request handling when both cores are busy.</summary>
    public const int NiceValue = -10;

    private const int PriorityProcess = 0;

    /// <summary>True when the calling thread now runs at raised priority.</summary>
    public static bool TryRaiseCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            // On Linux the nice value is per thread, and "who = 0" names the calling thread.
            return SetPriority(PriorityProcess, 0, NiceValue) == 0;
        }

        Thread.CurrentThread.Priority = ThreadPriority.Highest;
        return true;
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);
}
