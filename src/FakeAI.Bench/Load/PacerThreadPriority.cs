using System.Runtime.InteropServices;

namespace FakeAI.Bench.Load;

/// <summary>
/// Raises the calling thread's scheduling priority on Linux (where <see cref="Thread.Priority"/> has no effect): ten nice
/// levels above the process. The pacer sleeps almost all the time, so this costs the machine nothing, but when the cores
/// are busy it lets the pacer run at its deadline instead of waiting for a time slice. Without the privilege
/// (CAP_SYS_NICE) the call fails and the thread keeps the process's priority; the lag is measured either way.
/// </summary>
internal static partial class PacerThreadPriority
{
    private const int PriorityProcess = 0;
    private const int NiceLevelsAboveProcess = 10;

    public static bool TryRaise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var processNice = GetPriority(PriorityProcess, 0);
            return SetPriority(PriorityProcess, GetThreadId(), Math.Max(-20, processNice - NiceLevelsAboveProcess)) == 0;
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
