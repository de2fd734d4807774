using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Generation;
using FakeAI.Server.Streaming;

namespace FakeAI.Benchmarks;

/// <summary>The per-token hot path of a stream: writing one content chunk, by template copy versus full serialization.</summary>
[MemoryDiagnoser]
public class TokenEmissionBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);
    private Vocabulary _vocabulary = null!;
    private ChatResponseShape _shape = null!;
    private int[] _tokens = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        _shape = new ChatResponseShape("chatcmpl-0123456789abcdef0123456789abcdef", 1_700_000_000, "meta-llama/Llama-3.1-8B-Instruct", hasReasoning: false);
        _tokens = TextGenerator.Generate(_vocabulary, 1, 0, 100, null, 0).ContentIds();
    }

    /// <summary>100 content chunks through the pre-built template (what the server does).</summary>
    [Benchmark(Baseline = true)]
    public int Template_100_chunks()
    {
        _writer.ResetWrittenCount();
        foreach (var token in _tokens)
        {
            _shape.Content.Write(_writer, _vocabulary.Tokens[token].JsonString);
        }

        return _writer.WrittenCount;
    }

    /// <summary>100 content chunks serialized one by one with the source-generated context (the naive way).</summary>
    [Benchmark]
    public int Serializer_100_chunks()
    {
        _writer.ResetWrittenCount();
        foreach (var token in _tokens)
        {
            Protocol.Sse.SseFraming.WriteJsonEvent(_writer, _shape.Chunk(new ChatDelta { Content = _vocabulary.Tokens[token].Text }, null), ProtocolJsonContext.Default.ChatCompletionChunk);
        }

        return _writer.WrittenCount;
    }

    /// <summary>Planning a 100-token response and producing its tokens, as a stream does (per request).</summary>
    [Benchmark]
    public int Generate_100_tokens()
    {
        var tokens = TextGenerator.Generate(_vocabulary, 7, 0, 100, null, 0).Tokens();
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += tokens.Next();
        }

        return sum;
    }

    /// <summary>Building the per-response chunk template (per request).</summary>
    [Benchmark]
    public object Create_response_shape() =>
        new ChatResponseShape("chatcmpl-0123456789abcdef0123456789abcdef", 1_700_000_000, "meta-llama/Llama-3.1-8B-Instruct", hasReasoning: false);

    /// <summary>Parsing a typical chat request body with the source-generated context.</summary>
    [Benchmark]
    public int Parse_chat_request() =>
        JsonSerializer.Deserialize(
            """{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Tell me about the weather in a few sentences."}],"max_tokens":100,"stream":true,"stream_options":{"include_usage":true}}"""u8,
            ProtocolJsonContext.Default.ChatCompletionRequest)!.Messages!.Count;
}
