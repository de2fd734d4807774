using FakeAI.Bench.Client;
using FakeAI.Bench.Records;
using FakeAI.Bench.Tests.Client;

namespace FakeAI.Bench.Tests.Messages;

/// <summary>Anthropic Messages responses, streamed and whole, as the record handler turns them into responses, texts,
/// usage and errors.</summary>
public sealed class MessagesResponseTests
{
    private const string MessageStart = """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"cache_creation_input_tokens":0,"cache_read_input_tokens":16,"output_tokens":0}}}""";
    private const string Ping = """{"type":"ping"}""";
    private const string MessageDelta = """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":5}}""";
    private const string MessageStop = """{"type":"message_stop"}""";

    private static string BlockStart(int index, string type) =>
        type == "thinking"
            ? $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"thinking","thinking":"","signature":""}}"""
            : $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""";

    private static string Text(int index, string text) => $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":"{{{text}}}"}}""";

    private static string Thinking(int index, string text) => $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"thinking_delta","thinking":"{{{text}}}"}}""";

    private static string BlockStop(int index) => $$$"""{"type":"content_block_stop","index":{{{index}}}}""";

    private static (RequestRecord Record, ErrorDetails? Error) Stream(params (string Event, string Data)[] events) =>
        RecordedEvents.Play(EndpointType.Messages, events);

    [Fact]
    public void Each_text_delta_is_a_response_and_usage_comes_from_message_start_and_message_delta()
    {
        var (record, error) = Stream(
            ("message_start", MessageStart),
            ("content_block_start", BlockStart(0, "text")),
            ("ping", Ping),
            ("content_block_delta", Text(0, "Hel")),
            ("content_block_delta", Text(0, "lo")),
            ("content_block_delta", Text(0, " there")),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta),
            ("message_stop", MessageStop));

        Assert.Null(error);

        // Only the deltas (events 4, 5, 6) are responses: TTFT is the first text delta, ITL the gaps between them.
        Assert.Equal([4L, 5L, 6L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Hello there", record.ContentText);
        Assert.Equal("", record.ReasoningText);

        // input_tokens leave out the cache-read tokens; the prompt is both, as OpenAI's prompt_tokens is.
        Assert.Equal(46, record.UsagePromptTokens);
        Assert.Equal(16, record.UsageCachedTokens);
        Assert.Equal(5, record.UsageCompletionTokens);
    }

    [Fact]
    public void Thinking_deltas_are_reasoning_responses_before_the_text()
    {
        var (record, error) = Stream(
            ("message_start", MessageStart),
            ("content_block_start", BlockStart(0, "thinking")),
            ("content_block_delta", Thinking(0, "Let me")),
            ("content_block_delta", Thinking(0, " think")),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}"""),
            ("content_block_stop", BlockStop(0)),
            ("content_block_start", BlockStart(1, "text")),
            ("content_block_delta", Text(1, "Yes")),
            ("content_block_stop", BlockStop(1)),
            ("message_delta", MessageDelta),
            ("message_stop", MessageStop));

        Assert.Null(error);
        Assert.Equal([3L, 4L, 8L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Let me think", record.ReasoningText);
        Assert.Equal("Yes", record.ContentText);
    }

    [Fact]
    public void A_stream_without_message_stop_is_incomplete()
    {
        var (record, error) = Stream(("message_start", MessageStart), ("content_block_delta", Text(0, "Hi")));
        Assert.Equal(1, record.ResponseCount);
        Assert.Equal(new ErrorDetails(200, "IncompleteStream", "stream ended before message_stop"), error);
    }

    [Fact]
    public void An_error_event_fails_the_request_with_its_type_and_message()
    {
        var (_, error) = Stream(
            ("message_start", MessageStart),
            ("content_block_delta", Text(0, "Hi")),
            ("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));
        Assert.Equal(new ErrorDetails(null, "overloaded_error", "Overloaded"), error);
    }

    [Fact]
    public void A_whole_message_gives_its_text_and_thinking_blocks_and_usage_as_one_response()
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record, EndpointType.Messages);
        handler.Apply(
            """{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"Hello"},{"type":"text","text":" world"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":4}}"""u8,
            7);
        handler.Complete();

        Assert.Null(handler.Diagnose(new ResponseHead(200, "OK", 100, false, IsEventStream: false, KeepAlive: true)));
        Assert.Equal([7L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Hello world", record.ContentText);
        Assert.Equal("hmm", record.ReasoningText);
        Assert.Equal(12, record.UsagePromptTokens);
        Assert.Equal(0, record.UsageCachedTokens);
        Assert.Equal(4, record.UsageCompletionTokens);
    }

    [Fact]
    public void A_whole_error_body_with_status_200_fails_with_its_type()
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record, EndpointType.Messages);
        handler.Apply("""{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}"""u8, 1);
        handler.Complete();
        Assert.Equal(new ErrorDetails(null, "invalid_request_error", "max_tokens: Field required"), handler.Diagnose(new ResponseHead(200, "OK", 100, false, IsEventStream: false, KeepAlive: true)));
        Assert.Equal(0, record.ResponseCount);
    }
}
