using System.Buffers;
using System.Text;
using System.Text.Json;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Responses;
using FakeAI.Protocol.Sse;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Tests.Streaming;

public sealed class SequencedEventTemplateTests
{
    [Theory]
    [InlineData(" hello", 0L)]
    [InlineData("\"quoted\"\n", 9L)]
    [InlineData("é", 10L)]
    [InlineData(" x", long.MaxValue)]
    public void Writes_exactly_what_the_serializer_writes(string token, long sequence)
    {
        var template = SequencedEventTemplate.Create(
            "response.output_text.delta",
            new ResponseStreamEvent { Type = "response.output_text.delta", ItemId = "msg_1", OutputIndex = 1, ContentIndex = 0, Delta = ChunkTemplate.Sentinel, Logprobs = [] },
            ProtocolJsonContext.Default.ResponseStreamEvent);
        var buffer = new ArrayBufferWriter<byte>();
        template.Write(buffer, JsonSerializer.SerializeToUtf8Bytes(token, ProtocolJsonContext.Default.String), sequence);

        var expected = new ArrayBufferWriter<byte>();
        expected.Write("event: response.output_text.delta\n"u8);
        SseFraming.WriteJsonEvent(
            expected,
            new ResponseStreamEvent { Type = "response.output_text.delta", ItemId = "msg_1", OutputIndex = 1, ContentIndex = 0, Delta = token, Logprobs = [], SequenceNumber = sequence },
            ProtocolJsonContext.Default.ResponseStreamEvent);
        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void An_event_without_the_sentinel_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SequencedEventTemplate.Create(
            "response.output_text.delta",
            new ResponseStreamEvent { Type = "response.output_text.delta", Delta = "plain" },
            ProtocolJsonContext.Default.ResponseStreamEvent));
    }
}
