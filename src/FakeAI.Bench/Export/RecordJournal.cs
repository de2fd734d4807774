using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Export;

/// <summary>
/// Appends every profiling record to the per-request JSONL as it completes, so a run that is killed (SIGKILL, an OOM kill,
/// a CI timeout) leaves what it measured on disk. Senders only enqueue; a background task computes the record's metrics
/// (the tokenizer is the costly part, so the final summary reuses them), serializes the line and writes batches, flushing
/// to the operating system at least every <see cref="FlushInterval"/>. The summary exports can be rebuilt from the file
/// (<see cref="RecordsRebuilder"/>).
/// </summary>
internal sealed class RecordJournal : IAsyncDisposable
{
    /// <summary>A completed record is handed to the operating system within about this long (a killed process loses only
    /// what is younger).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly Channel<RequestRecord> _queue = Channel.CreateUnbounded<RequestRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<RequestRecord, RecordMetrics> _metrics = new(ReferenceEqualityComparer.Instance);
    private readonly FileStream _file;
    private readonly RunClock _clock;
    private readonly MetricsOptions _options;
    private readonly Func<string, int> _countTokens;
    private readonly TimeProvider _time;
    private readonly Task _writer;

    private RecordJournal(FileStream file, RunClock clock, MetricsOptions options, Func<string, int> countTokens, TimeProvider time)
    {
        _file = file;
        _clock = clock;
        _options = options;
        _countTokens = countTokens;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Starts a journal at <paramref name="path"/> (created or truncated).</summary>
    internal static RecordJournal Start(string path, RunClock clock, MetricsOptions options, Func<string, int> countTokens, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        return new RecordJournal(file, clock, options, countTokens, time);
    }

    /// <summary>Queues a completed record; never blocks the sender.</summary>
    internal void Add(RequestRecord record) => _queue.Writer.TryWrite(record);

    /// <summary>Writes what is queued, closes the file and returns the metrics computed per record.</summary>
    internal async Task<IReadOnlyDictionary<RequestRecord, RecordMetrics>> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        return _metrics;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.ConfigureAwait(false);
        }
        finally
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var json = new Utf8JsonWriter(buffer);
        await using (json.ConfigureAwait(false))
        {
            var reader = _queue.Reader;
            long unflushedSince = 0;
            Task<bool>? more = null;
            while (true)
            {
                while (reader.TryRead(out var record))
                {
                    var metrics = MetricsCalculator.ComputeRecord(record, _options, _clock, _countTokens);
                    _metrics[record] = metrics;
                    RecordJsonlWriter.WriteLine(json, record, metrics, _clock, _options.Goodput.Count > 0);
                    json.Flush();
                    buffer.Write("\n"u8);
                    json.Reset(buffer);
                    unflushedSince = unflushedSince == 0 ? _time.GetTimestamp() : unflushedSince;
                }

                if (buffer.WrittenCount > 0)
                {
                    await _file.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }

                var due = unflushedSince != 0 ? FlushInterval - _time.GetElapsedTime(unflushedSince) : Timeout.InfiniteTimeSpan;
                if (unflushedSince != 0 && due <= TimeSpan.Zero)
                {
                    await _file.FlushAsync().ConfigureAwait(false);
                    unflushedSince = 0;
                    due = Timeout.InfiniteTimeSpan;
                }

                more ??= reader.WaitToReadAsync().AsTask();
                if (due != Timeout.InfiniteTimeSpan && await Task.WhenAny(more, Task.Delay(due, _time)).ConfigureAwait(false) != more)
                {
                    continue; // time to flush
                }

                if (!await more.ConfigureAwait(false))
                {
                    await _file.FlushAsync().ConfigureAwait(false);
                    return;
                }

                more = null;
            }
        }
    }
}
