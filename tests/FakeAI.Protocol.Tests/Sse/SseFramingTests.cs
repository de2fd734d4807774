using System.Buffers;
using System.Text;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Models;
using FakeAI.Protocol.Sse;

namespace FakeAI.Protocol.Tests.Sse;

public sealed class SseFramingTests
{
    [Fact]
    public void Events_are_data_lines_terminated_by_a_blank_line_and_done_ends_the_stream()
    {
        var writer = new ArrayBufferWriter<byte>();

        SseFraming.WriteEvent(writer, "{\"a\":1}"u8);
        SseFraming.WriteJsonEvent(writer, new ModelInfo { Id = "x", OwnedBy = "o" }, ProtocolJsonContext.Default.ModelInfo);
        SseFraming.WriteDone(writer);

        Assert.Equal(
            "data: {\"a\":1}\n\ndata: {\"id\":\"x\",\"object\":\"model\",\"created\":0,\"owned_by\":\"o\"}\n\ndata: [DONE]\n\n",
            Encoding.UTF8.GetString(writer.WrittenSpan));
    }
}
