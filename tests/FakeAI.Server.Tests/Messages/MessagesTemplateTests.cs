using System.Buffers;
using System.Text;
using System.Text.Json;
using FakeAI.Protocol.Messages;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Generation;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Tests.Messages;

public sealed class MessagesTemplateTests
{
    private static MessagesStreamEvent Delta(string text) =>
        new() { Type = "content_block_delta", Index = 1, Delta = new MessagesBlockDelta { Type = "text_delta", Text = text } };

    [Fact]
    public void Named_text_delta_events_equal_the_source_generated_serialization_for_every_token()
    {
        var vocabulary = Vocabulary.Get(TokenizerEncoding.O200kBase);
        var template = ChunkTemplate.Create(Delta(ChunkTemplate.Sentinel), MessagesJsonContext.Default.MessagesStreamEvent, "content_block_delta");

        foreach (var token in vocabulary.Tokens)
        {
            var written = new ArrayBufferWriter<byte>();
            template.Write(written, token.JsonString);

            var json = JsonSerializer.SerializeToUtf8Bytes(Delta(token.Text), MessagesJsonContext.Default.MessagesStreamEvent);
            Assert.Equal("event: content_block_delta\ndata: " + Encoding.UTF8.GetString(json) + "\n\n", Encoding.UTF8.GetString(written.WrittenSpan));
        }
    }

    [Theory]
    [InlineData("length", null, "max_tokens")]
    [InlineData("stop", "\n\nHuman:", "stop_sequence")]
    [InlineData("stop", null, "end_turn")]
    public void Finish_reasons_map_to_anthropics_stop_reasons(string finishReason, string? stopSequence, string expected) =>
        Assert.Equal(expected, MessagesResponseShape.StopReason(finishReason, stopSequence));
}
