using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using FakeAI.Server.Latency;

namespace FakeAI.Server.Streaming;

/// <summary>
/// Brings a stream to a token's due time, the same way in every writer. A token not due yet is preceded by a flush of
/// what was written and a wait (never before the first token: the opening chunk travels with it, so a client's TTFT is
/// the same whichever it counts); a stream that has fallen behind writes on without waiting, flushing every
/// <see cref="MaxChunksPerFlush"/> chunks so its client still sees progress.
/// </summary>
internal sealed class TokenPacer(PipeWriter writer, TokenScheduler scheduler, ScheduledWait wait)
{
    internal const int MaxChunksPerFlush = 256;

    private int _unflushed;

    /// <summary>
    /// Waits for <paramref name="due"/> before <paramref name="chunks"/> chunks are written; <paramref name="first"/> is
    /// true for the stream's first token.
    /// </summary>
    /// <returns>False when the client has gone (the response pipe completed): stop writing.</returns>
    /// <remarks>Called per token, and it suspends whenever a token is not due yet: pooled builders spare a
    /// state-machine allocation per wait.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> AwaitDueAsync(long due, bool first, int chunks, CancellationToken cancellationToken)
    {
        if (due > scheduler.Now)
        {
            if (!first && (await writer.FlushAsync(cancellationToken)).IsCompleted)
            {
                return false;
            }

            _unflushed = 0;
            await scheduler.WaitUntilAsync(wait, due);
        }
        else if (_unflushed >= MaxChunksPerFlush)
        {
            if ((await writer.FlushAsync(cancellationToken)).IsCompleted)
            {
                return false;
            }

            _unflushed = 0;
        }

        _unflushed += chunks;
        return true;
    }
}
