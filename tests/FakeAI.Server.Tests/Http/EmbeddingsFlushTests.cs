using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FakeAI.Server.Endpoints;
using FakeAI.Server.Latency;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FakeAI.Server.Tests.Http;

/// <summary>A large embeddings response leaves in pieces: the server never holds more than a few vectors unsent.</summary>
public sealed class EmbeddingsFlushTests
{
    [Theory]
    [InlineData("float")]
    [InlineData("base64")]
    public async Task Large_responses_are_flushed_every_64_KB_not_held_whole(string encoding)
    {
        using var scheduler = new TokenScheduler(TimeProvider.System);
        var state = new ServerState(new FakeAIServerOptions(), TimeProvider.System, scheduler);
        var inputs = string.Join(',', Enumerable.Range(0, 256).Select(i => $"\"input {i}\""));
        var body = $$"""{"model":"text-embedding-3-large","input":[{{inputs}}],"dimensions":8192,"encoding_format":"{{encoding}}"}""";
        var output = new RecordingPipeWriter();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Features.Set<IHttpResponseBodyFeature>(new RecordingBodyFeature(output));

        await new EmbeddingsEndpoint(state).HandleAsync(context);

        // 256 vectors of 8,192 dimensions: 11 MB as base64, 27 MB as numbers.
        Assert.True(output.Total > 10_000_000, $"wrote {output.Total} bytes");
        Assert.True(output.LargestFlush < 256 * 1024, $"largest flush {output.LargestFlush} bytes of {output.Total}");
        Assert.Equal(0, output.Unflushed);
    }

    private sealed class RecordingPipeWriter : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public long Total { get; private set; }

        public long Unflushed { get; private set; }

        public long LargestFlush { get; private set; }

        public override void Advance(int bytes)
        {
            _buffer.Advance(bytes);
            Total += bytes;
            Unflushed += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            LargestFlush = Math.Max(LargestFlush, Unflushed);
            Unflushed = 0;
            _buffer.ResetWrittenCount();
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }

    private sealed class RecordingBodyFeature(PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => writer.AsStream();

        public PipeWriter Writer => writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync() => Task.CompletedTask;
    }
}
