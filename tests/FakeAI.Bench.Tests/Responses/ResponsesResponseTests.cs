using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;
using FakeAI.Bench.Tests.Client;

namespace FakeAI.Bench.Tests.Responses;

/// <summary>OpenAI Responses API answers, streamed (recorded event sequences) and whole, as the record handler turns them
/// into responses, texts, usage and errors.</summary>
public sealed class ResponsesResponseTests
{
    private const string Created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[],"usage":null,"error":null}}""";
    private const string InProgress = """{"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[],"usage":null,"error":null}}""";
    private const string ItemAdded = """{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}""";
    private const string PartAdded = """{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}""";
    private const string Completed = """{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","status":"completed","error":null,"output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello there","annotations":[]}]}],"usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":16},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":33}}}""";

    private static string Text(string text) => $$$"""{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"{{{text}}}","logprobs":[]}""";

    private static string TextDone(string text) => $$$"""{"type":"response.output_text.done","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"text":"{{{text}}}","logprobs":[]}""";

    private static ResponseHead BodyHead => new(200, "OK", 100, false, IsEventStream: false, KeepAlive: true);

    private static (RequestRecord Record, ErrorDetails? Error) Stream(params (string Event, string Data)[] events) =>
        RecordedEvents.Play(EndpointType.Responses, events);

    private static (RequestRecord Record, ErrorDetails? Error) Body(string json)
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record, EndpointType.Responses);
        handler.Apply(Encoding.UTF8.GetBytes(json), 7);
        handler.Complete();
        return (record, handler.Diagnose(BodyHead));
    }

    [Fact]
    public void Each_text_delta_is_a_response_the_done_text_is_not_counted_twice_and_usage_comes_from_completed()
    {
        var (record, error) = Stream(
            ("response.created", Created),
            ("response.in_progress", InProgress),
            ("response.output_item.added", ItemAdded),
            ("response.content_part.added", PartAdded),
            ("response.output_text.delta", Text("Hel")),
            ("response.output_text.delta", Text("lo")),
            ("response.output_text.delta", Text(" there")),
            ("response.output_text.done", TextDone("Hello there")),
            ("response.completed", Completed));

        Assert.Null(error);

        // The deltas (events 5, 6, 7) are the timed responses; the done event (8) is kept at its time, as aiperf keeps it,
        // but its text is not added again.
        Assert.Equal([5L, 6L, 7L, 8L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Hello there", record.ContentText);
        Assert.Equal("", record.ReasoningText);
        Assert.Equal(30, record.UsagePromptTokens);
        Assert.Equal(16, record.UsageCachedTokens);
        Assert.Equal(3, record.UsageCompletionTokens);
        Assert.Equal(0, record.UsageReasoningTokens);
    }

    [Fact]
    public void A_done_event_without_deltas_carries_the_text()
    {
        var (record, error) = Stream(("response.output_text.done", TextDone("Whole")), ("response.completed", Completed));
        Assert.Null(error);
        Assert.Equal([1L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Whole", record.ContentText);
    }

    [Fact]
    public void Reasoning_text_deltas_are_reasoning_responses_but_summary_deltas_are_not_text_as_in_aiperf()
    {
        var (record, error) = Stream(
            ("response.created", Created),
            ("response.reasoning_summary_text.delta", """{"type":"response.reasoning_summary_text.delta","item_id":"rs_1","output_index":0,"summary_index":0,"delta":"Summary","sequence_number":2}"""),
            ("response.reasoning_text.delta", """{"delta":"Let me","type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,"content_index":0,"sequence_number":3}"""),
            ("response.reasoning_text.delta", """{"type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,"content_index":0,"delta":" think","sequence_number":4}"""),
            ("response.output_text.delta", Text("Yes")),
            ("response.completed", Completed));

        Assert.Null(error);
        Assert.Equal([3L, 4L, 5L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Let me think", record.ReasoningText);
        Assert.Equal("Yes", record.ContentText);
    }

    [Fact]
    public void A_stream_without_response_completed_is_incomplete()
    {
        var (record, error) = Stream(("response.created", Created), ("response.output_text.delta", Text("Hi")));
        Assert.Equal(1, record.ResponseCount);
        Assert.Equal(new ErrorDetails(200, "IncompleteStream", "stream ended before response.completed"), error);
    }

    [Fact]
    public void A_response_cut_short_by_its_length_limit_ends_the_stream_successfully()
    {
        var (_, error) = Stream(
            ("response.output_text.delta", Text("Hi")),
            ("response.incomplete", """{"type":"response.incomplete","sequence_number":5,"response":{"id":"resp_1","object":"response","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":3,"output_tokens":1,"total_tokens":4}}}"""));
        Assert.Null(error);
    }

    [Fact]
    public void A_failed_response_fails_the_request_with_its_error_code_and_message()
    {
        var (record, error) = Stream(
            ("response.created", Created),
            ("response.output_text.delta", Text("Hi")),
            ("response.failed", """{"type":"response.failed","sequence_number":5,"response":{"id":"resp_1","object":"response","status":"failed","error":{"code":"server_error","message":"The model failed."},"output":[],"usage":null}}"""));
        Assert.Equal(1, record.ResponseCount);
        Assert.Equal(new ErrorDetails(null, "server_error", "The model failed."), error);
    }

    [Fact]
    public void An_error_event_fails_the_request_with_its_code_and_message()
    {
        var (_, error) = Stream(
            ("response.output_text.delta", Text("Hi")),
            ("error", """{"type":"error","code":"rate_limit_exceeded","message":"Slow down.","param":null,"sequence_number":3}"""));
        Assert.Equal(new ErrorDetails(null, "rate_limit_exceeded", "Slow down."), error);
    }

    [Fact]
    public void A_whole_response_gives_its_message_text_and_reasoning_summary_and_usage_as_one_response()
    {
        var (record, error) = Body(
            """{"id":"resp_1","object":"response","status":"completed","error":null,"output":[{"content":[{"type":"reasoning_text","text":"raw"}],"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"hmm"}]},{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello","annotations":[]},{"type":"refusal","refusal":"no"},{"type":"output_text","text":" world","annotations":[]}]},{"type":"function_call","name":"f","arguments":"{}","call_id":"c"}],"usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":4,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":16}}""");

        Assert.Null(error);
        Assert.Equal([7L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Hello world", record.ContentText);
        Assert.Equal("hmm", record.ReasoningText);
        Assert.Equal(12, record.UsagePromptTokens);
        Assert.Equal(0, record.UsageCachedTokens);
        Assert.Equal(4, record.UsageCompletionTokens);
        Assert.Equal(2, record.UsageReasoningTokens);
    }

    [Fact]
    public void A_whole_failed_response_or_error_body_fails_with_its_code()
    {
        var (record, error) = Body("""{"id":"resp_1","object":"response","status":"failed","error":{"code":"server_error","message":"Boom"},"output":[]}""");
        Assert.Equal(new ErrorDetails(null, "server_error", "Boom"), error);
        Assert.Equal(0, record.ResponseCount);

        (_, error) = Body("""{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
        Assert.Equal(new ErrorDetails(null, "rate_limit_exceeded", "Rate limit reached"), error);
    }
}
