using System.Buffers;
using System.Text;
using System.Text.Json;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Generation;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Tests.Streaming;

public sealed class ChunkTemplateTests
{
    private static string Framed(byte[] json) => "data: " + Encoding.UTF8.GetString(json) + "\n\n";

    [Fact]
    public void Fast_path_chat_chunks_equal_the_source_generated_serialization_for_every_token()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        var shape = new ChatResponseShape("chatcmpl-abc", 1_700_000_000, "org/model\"quoted\"", hasReasoning: true);

        foreach (var token in vocabulary.Tokens)
        {
            var content = new ArrayBufferWriter<byte>();
            shape.Content.Write(content, token.JsonString);
            var reasoning = new ArrayBufferWriter<byte>();
            shape.Reasoning!.Write(reasoning, token.JsonString);

            var expectedContent = JsonSerializer.SerializeToUtf8Bytes(shape.Chunk(new ChatDelta { Content = token.Text }, null), ProtocolJsonContext.Default.ChatCompletionChunk);
            var expectedReasoning = JsonSerializer.SerializeToUtf8Bytes(shape.Chunk(new ChatDelta { ReasoningContent = token.Text }, null), ProtocolJsonContext.Default.ChatCompletionChunk);
            Assert.Equal(Framed(expectedContent), Encoding.UTF8.GetString(content.WrittenSpan));
            Assert.Equal(Framed(expectedReasoning), Encoding.UTF8.GetString(reasoning.WrittenSpan));
        }

        var second = new ArrayBufferWriter<byte>();
        shape.ReasoningTemplate(1)!.Write(second, vocabulary.Tokens[42].JsonString);
        var expectedSecond = JsonSerializer.SerializeToUtf8Bytes(shape.Chunk(new ChatDelta { ReasoningContent = vocabulary.Tokens[42].Text }, null, 1), ProtocolJsonContext.Default.ChatCompletionChunk);
        Assert.Equal(Framed(expectedSecond), Encoding.UTF8.GetString(second.WrittenSpan));
        Assert.Contains("\"index\":1", Encoding.UTF8.GetString(second.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Fast_path_completion_chunks_equal_the_source_generated_serialization()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.Cl100kBase);
        var shape = new CompletionResponseShape("cmpl-1", 1, "gpt-4", echoes: [], choicesPerPrompt: 1);

        foreach (var token in vocabulary.Tokens.Take(50))
        {
            var written = new ArrayBufferWriter<byte>();
            shape.Content.Write(written, token.JsonString);

            var expected = JsonSerializer.SerializeToUtf8Bytes(shape.Chunk(token.Text, null), ProtocolJsonContext.Default.CompletionResponse);
            Assert.Equal(Framed(expected), Encoding.UTF8.GetString(written.WrittenSpan));
        }

        var third = new ArrayBufferWriter<byte>();
        shape.ContentTemplate(2).Write(third, vocabulary.Tokens[0].JsonString);
        var expectedThird = JsonSerializer.SerializeToUtf8Bytes(shape.Chunk(vocabulary.Tokens[0].Text, null, 2), ProtocolJsonContext.Default.CompletionResponse);
        Assert.Equal(Framed(expectedThird), Encoding.UTF8.GetString(third.WrittenSpan));
        Assert.Contains("\"index\":2", Encoding.UTF8.GetString(third.WrittenSpan), StringComparison.Ordinal);
        Assert.Contains("\"logprobs\":null", Framed(JsonSerializer.SerializeToUtf8Bytes(shape.Chunk("x", null), ProtocolJsonContext.Default.CompletionResponse)), StringComparison.Ordinal);
    }
}
