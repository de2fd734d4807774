using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using FakeAI.Bench;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;

namespace FakeAI.Benchmarks;

/// <summary>
/// The profile client's per-request cost without the network: one non-streaming chat request written and the fake server's
/// 16-token answer (bytes as Kestrel sends them) read back and parsed into the record, over an in-memory connection.
/// <c>OwnConnection</c> is the client's path (<see cref="RequestSender"/> on a pooled <see cref="BenchConnection"/>);
/// <c>HttpClientPath</c> is the same exchange through HttpClient/SocketsHttpHandler as the client did before.
/// </summary>
[MemoryDiagnoser]
public class ClientRequestBenchmarks
{
    private const string Body = "{\"id\":\"chatcmpl-5975d8670ccd4be39ba3dddbcbd868b2\",\"object\":\"chat.completion\",\"created\":1795827939,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Give from sure answer something must. That economic system set your whose voice above united\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":16,\"total_tokens\":26,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
    private static readonly byte[] Response = Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\nContent-Type: application/json\r\nDate: Sat, 28 Nov 2026 01:05:39 GMT\r\nx-fakeai-worker: worker-1\r\n\r\n{Body}");

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        "{\"messages\":[{\"role\":\"user\",\"name\":\"text\",\"content\":\"day use king these about like time oil first light when nature would so your other come about is night no use that your now more is did no star who how\"}],\"model\":\"m\",\"stream\":false,\"max_completion_tokens\":16}");

    private static readonly Uri Endpoint = new("http://127.0.0.1:8000/v1/chat/completions");

    private readonly ProfileConfig _config = new() { Models = ["m"], Url = "http://127.0.0.1:8000" };
    private BenchConnectionPool _pool = null!;
    private RequestSender _sender = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BenchConnectionPool(Endpoint, TimeSpan.FromSeconds(5));
        _pool.Return(new BenchConnection(new AnsweringStream()));
        _sender = new RequestSender(_pool, new RequestTemplate(Endpoint, streaming: false, apiKey: null, headers: []), _config);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(new AnsweringStream()),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, DefaultRequestVersion = HttpVersion.Version11 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HttpClientPath()
    {
        var record = NewRecord();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        linked.CancelAfter(TimeSpan.FromSeconds(600));
        var content = new ByteArrayContent(Payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("fakeai", "1.0"));
        request.Headers.TryAddWithoutValidation("X-Request-ID", record.RequestId);
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", record.CorrelationId);
        record.StartTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        record.StatusCode = (int)response.StatusCode;
        using var body = new MemoryStream();
        await response.Content.CopyToAsync(body, linked.Token);
        record.EndTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        var handler = new SseRecordHandler(record);
        handler.Apply(body.GetBuffer().AsSpan(0, (int)body.Length), record.EndTimestamp);
        handler.Complete();
        return record.ResponseCount;
    }

    [Benchmark]
    public async Task<int> OwnConnection()
    {
        var record = NewRecord();
        await _sender.SendAsync(record, Payload, null, CancellationToken.None);
        return record.ResponseCount;
    }

    private static RequestRecord NewRecord() => new()
    {
        RequestId = "1c67752a-866d-4527-90d5-8ad3717511cd",
        CorrelationId = "c29840e5-f7ac-458a-8833-7deef12d7461",
        Model = "m",
        InputTokens = 32,
    };

    /// <summary>A connection whose server answers every request (each write) with <see cref="Response"/>; a read with
    /// nothing to answer waits for the next request, as an idle keep-alive socket does.</summary>
    private sealed class AnsweringStream : Stream
    {
        private int _offset = Response.Length;
        private TaskCompletionSource? _requested;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_offset == Response.Length)
            {
                _requested = new TaskCompletionSource();
                await _requested.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var count = Math.Min(buffer.Length, Response.Length - _offset);
            Response.AsSpan(_offset, count).CopyTo(buffer.Span);
            _offset += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Answer();
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Answer();
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Answer();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Answer()
        {
            _offset = 0;
            _requested?.TrySetResult();
        }
    }
}
