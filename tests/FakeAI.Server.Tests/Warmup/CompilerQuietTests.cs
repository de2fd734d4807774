using FakeAI.Server.Warmup;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Warmup;

public sealed class CompilerQuietTests
{
    [Fact]
    public async Task Quiet_needs_consecutive_quiet_windows_so_the_delay_before_recompilation_does_not_count()
    {
        var time = new FakeTimeProvider();
        // Compiled-method counts read at the start and after each window: one quiet window (the runtime's delay before it
        // recompiles), a burst of recompilation, then quiet.
        long[] counts = [100, 101, 600, 1100, 1101, 1102, 1103];
        var read = 0;
        var wait = CompilerQuiet.WaitAsync(() => counts[Math.Min(read++, counts.Length - 1)], time, TimeSpan.FromSeconds(10), CancellationToken.None);

        for (var i = 0; i < 40 && !wait.IsCompleted; i++)
        {
            time.Advance(CompilerQuiet.Window);
            await Task.Delay(5); // lets the wait read the count and arm its next window
        }

        Assert.True(await wait);
        Assert.Equal(7, read); // the start and six windows: quiet, burst, burst, then three quiet ones
    }

    [Fact]
    public async Task A_compiler_that_never_settles_gives_up_at_the_limit()
    {
        var time = new FakeTimeProvider();
        var count = 0L;
        var wait = CompilerQuiet.WaitAsync(() => count += 100, time, TimeSpan.FromSeconds(1), CancellationToken.None);

        for (var i = 0; i < 40 && !wait.IsCompleted; i++)
        {
            time.Advance(CompilerQuiet.Window);
            await Task.Delay(5);
        }

        Assert.False(await wait);
    }
}
