using System.Runtime.InteropServices;

namespace FakeAI.Protocol.Timing;

/// <summary>
/// Raises the calling thread's CPU priority where the operating system lets it, for threads that sleep almost all the
/// time but must run at their deadline when the cores are busy (the server's token scheduler, the client's request
/// pacer). .NET's <see cref="Thread.Priority"/> has no effect on Linux, so there the thread's nice value is set ten levels
/// above the process's with <c>setpriority</c>, which needs root or <c>CAP_SYS_NICE</c>; without them the thread keeps
/// the process's priority.
/// </summary>
public static class ThreadPriorityBoost
{
    /// <summary>How many nice levels above the process a raised thread runs.</summary>
    public const int LevelsAboveProcess = 10;

    private const int PriorityProcess = 0;
    private const int HighestNice = -20;

    /// <summary>True when the calling thread now runs at raised priority.</summary>
    public static bool TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.Highest;
            return true;
        }

        try
        {
            // On Linux the nice value is per thread; a new thread inherits its creator's, read here through who = 0.
            var processNice = GetPriority(PriorityProcess, 0);
            return SetPriority(PriorityProcess, GetThreadId(), Math.Max(HighestNice, processNice - LevelsAboveProcess)) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "gettid", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int nice);
}
