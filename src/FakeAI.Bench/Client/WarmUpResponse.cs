using System.Globalization;
using System.Text;

namespace FakeAI.Bench.Client;

/// <summary>The canned answer of the warm-up exchange: one content response of the endpoint's kind, streamed (chunked SSE
/// ending in <c>[DONE]</c>, <c>message_stop</c> for Anthropic's Messages API or <c>response.completed</c> for the
/// Responses API) or whole, closing the connection so it never joins the pool.</summary>
internal static class WarmUpResponse
{
    public static byte[] For(EndpointType type, bool streaming)
    {
        var json = (type, streaming) switch
        {
            (EndpointType.Messages, true) => """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}""",
            (EndpointType.Messages, false) => """{"id":"w","type":"message","role":"assistant","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""",
            (EndpointType.Responses, true) => """{"type":"response.output_text.delta","item_id":"m","output_index":0,"content_index":0,"delta":"ok","sequence_number":0}""",
            (EndpointType.Responses, false) => """{"id":"w","object":"response","status":"completed","output":[{"type":"message","id":"m","status":"completed","role":"assistant","content":[{"type":"output_text","text":"ok","annotations":[]}]}],"usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}""",
            (EndpointType.Completions, _) => """{"id":"w","object":"text_completion","choices":[{"index":0,"text":"ok","finish_reason":null}]}""",
            (_, true) => """{"id":"w","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":null}]}""",
            _ => """{"id":"w","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""",
        };
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nConnection: close\r\n");
        if (streaming)
        {
            text.Append("Content-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            AppendChunk(text, "data: " + json + "\n\n");
            AppendChunk(text, type switch
            {
                EndpointType.Messages => "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
                EndpointType.Responses => "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":1,\"response\":{\"id\":\"w\",\"object\":\"response\",\"status\":\"completed\"}}\n\n",
                _ => "data: [DONE]\n\n",
            });
            text.Append("0\r\n\r\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendChunk(StringBuilder text, string data) =>
        text.Append(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(data):x}\r\n{data}\r\n");
}
