using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FakeAI.LoadTool;

/// <summary>A <c>fakeai server</c> child process on a free port, killed on dispose.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url, double readyAfterMs)
    {
        _process = process;
        Url = url;
        ReadyAfterMs = readyAfterMs;
    }

    public Uri Url { get; }

    public double ReadyAfterMs { get; }

    /// <summary>Starts <c>fakeai server --port 0 FLAGS</c> and waits for its "listening on URL" line (its readiness).</summary>
    public static async Task<ServerProcess> StartAsync(string fakeai, string[] flags)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[fakeai, "server", "--port", "0", .. flags])
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningUrl().Match(line) is { Success: true } match)
            {
                // Keep draining so the server never blocks on a full stdout pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new ServerProcess(process, new Uri(match.Value), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        throw new InvalidOperationException("fakeai server exited without listening");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"http://[0-9.]+:\d+")]
    private static partial Regex ListeningUrl();
}
