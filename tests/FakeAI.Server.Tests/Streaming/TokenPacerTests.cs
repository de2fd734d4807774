using System.IO.Pipelines;
using FakeAI.Server.Latency;
using FakeAI.Server.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Streaming;

public sealed class TokenPacerTests
{
    [Fact]
    public async Task A_token_not_yet_due_is_preceded_by_a_flush_and_a_wait_except_the_first()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var pipe = new Pipe();
        var pacer = new TokenPacer(pipe.Writer, scheduler, new ScheduledWait());
        var tick = (long)scheduler.TicksPerMillisecond;

        // The first token: no flush before it, so the opening chunk leaves with it.
        Write(pipe.Writer, "opening");
        var first = pacer.AwaitDueAsync(scheduler.Now + (10 * tick), first: true, 1, CancellationToken.None).AsTask();
        Assert.False(pipe.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromMilliseconds(10));
        scheduler.ReleaseDue();
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));

        // A later token: what was written goes out before the wait.
        Write(pipe.Writer, "token 1");
        var second = pacer.AwaitDueAsync(scheduler.Now + (10 * tick), first: false, 1, CancellationToken.None).AsTask();
        Assert.True(pipe.Reader.TryRead(out var flushed));
        Assert.Equal("openingtoken 1"u8.Length, (int)flushed.Buffer.Length);
        pipe.Reader.AdvanceTo(flushed.Buffer.End);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10));
        scheduler.ReleaseDue();
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_stream_that_fell_behind_writes_on_and_flushes_every_256_chunks()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var pipe = new Pipe();
        var pacer = new TokenPacer(pipe.Writer, scheduler, new ScheduledWait());
        var past = scheduler.Now;

        for (var i = 0; i < TokenPacer.MaxChunksPerFlush; i++)
        {
            Assert.True(await pacer.AwaitDueAsync(past, first: i == 0, 1, CancellationToken.None));
            Write(pipe.Writer, "x");
        }

        // Nothing due in the future: no wait and, until 256 chunks are pending, no flush.
        Assert.False(pipe.Reader.TryRead(out _));
        Assert.True(await pacer.AwaitDueAsync(past, first: false, 1, CancellationToken.None));
        Assert.True(pipe.Reader.TryRead(out var flushed));
        Assert.Equal(TokenPacer.MaxChunksPerFlush, (int)flushed.Buffer.Length);
    }

    [Fact]
    public async Task A_gone_client_stops_the_stream()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new TokenScheduler(time, runThread: false);
        var pipe = new Pipe();
        var pacer = new TokenPacer(pipe.Writer, scheduler, new ScheduledWait());
        await pipe.Reader.CompleteAsync();
        Write(pipe.Writer, "token");

        Assert.False(await pacer.AwaitDueAsync(scheduler.Now + (long)scheduler.TicksPerMillisecond, first: false, 1, CancellationToken.None));
    }

    private static void Write(PipeWriter writer, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
