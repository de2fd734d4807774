using System.Text;
using BenchmarkDotNet.Attributes;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;
using FakeAI.Protocol.Sse;

namespace FakeAI.Benchmarks;

/// <summary>
/// Client hot path: parsing a 1,000-chunk chat stream (one token per event, as the server sends it), delivered in reads of
/// the given size. <c>FrameOnly</c> is the SSE framing alone; <c>FrameAndRecord</c> adds the JSON chunk parsing and
/// record keeping the benchmark client does per event.
/// </summary>
[MemoryDiagnoser]
public class SseParserBenchmarks
{
    private byte[] _stream = [];
    private readonly SseParser _parser = new();
    private readonly CountingSink _sink = new();

    [Params(64, 4096)]
    public int ReadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            builder.Append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word\"},\"finish_reason\":null}]}\n\n");
        }

        builder.Append("data: [DONE]\n\n");
        _stream = Encoding.UTF8.GetBytes(builder.ToString());
    }

    [Benchmark]
    public int FrameOnly()
    {
        _sink.Count = 0;
        _parser.Reset();
        for (var offset = 0; offset < _stream.Length; offset += ReadSize)
        {
            _parser.Feed(_stream.AsSpan(offset, Math.Min(ReadSize, _stream.Length - offset)), offset, _sink);
        }

        return _sink.Count;
    }

    [Benchmark]
    public int FrameAndRecord()
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record);
        _parser.Reset();
        for (var offset = 0; offset < _stream.Length; offset += ReadSize)
        {
            _parser.Feed(_stream.AsSpan(offset, Math.Min(ReadSize, _stream.Length - offset)), offset, handler);
        }

        handler.Complete();
        return record.ResponseCount;
    }

    private sealed class CountingSink : ISseEventSink
    {
        public int Count { get; set; }

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp) => Count++;
    }
}
